import CodexCore
import Foundation
import Hummingbird

/// Uploaded bytes: read within the upload limit, and kept where the ingest can find them again.
enum Uploads {
    static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw ServerError.tooLarge(limit: limit)
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw ServerError.tooLarge(limit: limit)
        }
    }

    /// Writes each file to `<store folder>/uploads/<collection>/<name>` (names reduced to their last
    /// component, so `../` cannot escape) and returns the paths written.
    static func save(_ files: [MultipartForm.Part], collection: String, beside storePath: String) throws -> [String] {
        let base = storePath == ":memory:"
            ? FileManager.default.temporaryDirectory.appendingPathComponent("codex-uploads")
            : URL(fileURLWithPath: storePath).deletingLastPathComponent().appendingPathComponent("uploads")
        let folder = base.appendingPathComponent(safeName(collection))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try files.map { file in
            let url = folder.appendingPathComponent(safeName(file.filename ?? "upload"))
            try Data(file.data).write(to: url, options: .atomic)
            return url.path
        }
    }

    static func safeName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(last.map { $0.isLetter || $0.isNumber || "._- ".contains($0) ? $0 : "_" })
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "upload" + cleaned : cleaned
    }

    /// A fresh temporary file path (for bundles, which the importer reads from disk).
    static func temporaryFile(extension ext: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("codex-\(UUID().uuidString).\(ext)")
    }
}
