import Foundation

/// The `manifest.json` that scripts/fetch-model.py installs beside the weights: each file's
/// expected size and sha256.
///
/// On load only sizes are compared (a stat per file, no hashing of 90 MB on every start): that
/// catches the common damage, an interrupted copy or download, with a message naming the file.
/// The setup script verifies the hashes.
struct ModelManifest: Decodable {
    struct File: Decodable {
        var path: String
        var size: Int?
    }

    var files: [File]

    /// Throws `CodexError.modelCorrupt` for the first listed file whose size differs; a directory
    /// without a manifest (e.g. `CODEX_MODEL_DIR` pointing at a hand-made copy) passes.
    static func verifySizes(in directory: String) throws {
        let manifestPath = directory + "/manifest.json"
        guard let data = FileManager.default.contents(atPath: manifestPath) else { return }
        guard let manifest = try? JSONDecoder().decode(ModelManifest.self, from: data) else {
            throw CodexError.modelCorrupt(manifestPath, reason: "it is not a valid model manifest")
        }
        for file in manifest.files {
            guard let expected = file.size else { continue }
            let path = directory + "/" + file.path
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let actual = (attributes[.size] as? NSNumber)?.intValue
            else { throw CodexError.modelCorrupt(path, reason: "it is missing") }
            guard actual == expected else {
                throw CodexError.modelCorrupt(
                    path, reason: "it is \(actual) bytes, the manifest says \(expected) (interrupted download?)")
            }
        }
    }
}
