import Foundation

/// An Ollama model manifest (OCI image manifest, schema 2): a config blob and layers — model
/// weights, template, params, system prompt, licence, projector, adapter, or any media type a
/// newer Ollama adds — each named by its SHA-256 digest. Unknown fields and media types are kept
/// as they are: the manifest travels byte for byte.
struct OllamaManifest: Decodable, Equatable {
    struct Layer: Decodable, Equatable {
        var mediaType: String
        var digest: String
        var size: Int64

        /// The lower-case hex of a `sha256:<hex>` digest; nil for any other form.
        var sha256: String? { OllamaManifest.hex(of: digest) }
    }

    var schemaVersion: Int
    var mediaType: String?
    var config: Layer
    var layers: [Layer]

    /// The config, then every layer, each digest once, in manifest order.
    var blobs: [Layer] {
        var seen = Set<String>()
        return ([config] + layers).filter { seen.insert($0.digest).inserted }
    }

    /// The weights: the layer of media type `application/vnd.ollama.image.model`.
    var modelLayer: Layer? { layers.first { $0.mediaType == "application/vnd.ollama.image.model" } }

    /// Decodes and checks a manifest; throws a sentence saying what is wrong.
    static func parse(_ data: Data) throws(ManifestProblem) -> OllamaManifest {
        let manifest: OllamaManifest
        do { manifest = try JSONDecoder().decode(OllamaManifest.self, from: data) } catch {
            throw ManifestProblem("it is not an Ollama model manifest")
        }
        guard manifest.schemaVersion == 2 else {
            throw ManifestProblem("it has schema version \(manifest.schemaVersion); only schema 2 is known")
        }
        var sizes: [String: Int64] = [:]
        for layer in [manifest.config] + manifest.layers {
            guard layer.sha256 != nil else {
                throw ManifestProblem("it names a blob by \"\(layer.digest)\", not a SHA-256")
            }
            guard layer.size >= 0, sizes[layer.digest, default: layer.size] == layer.size else {
                throw ManifestProblem("it gives blob \(layer.digest) an impossible size")
            }
            sizes[layer.digest] = layer.size
        }
        return manifest
    }

    static func hex(of digest: String) -> String? {
        guard digest.hasPrefix("sha256:") else { return nil }
        let hex = digest.dropFirst("sha256:".count)
        guard hex.count == 64, hex.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        return String(hex)
    }

    struct ManifestProblem: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
