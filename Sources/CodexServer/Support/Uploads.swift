import CodexCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Uploaded bytes: read within the upload limit, and kept where the ingest can find them again.
enum Uploads {
    static let clientHeader = HTTPField.Name("X-Codex-Client")!

    /// The body of an upload, read within `limit`, from a client that proved it is not a page on
    /// another site: it sent `X-Codex-Client` (which forces a browser to ask first) or, when the
    /// server has a token, the token (checked before any route runs).
    static func collect(_ request: Request, limit: Int, tokenChecked: Bool) async throws -> ByteBuffer {
        guard tokenChecked || request.headers[clientHeader] != nil else { throw ServerError.clientHeaderMissing() }
        return try await request.collectBody(upTo: limit)
    }

    /// Writes each file to `<store folder>/uploads/<collection>/<name>` (names reduced to their last
    /// component, so `../` cannot escape) and returns the paths written. The collection name must
    /// be valid (`CollectionRecord.validate`), so two collections never share a folder.
    static func save(_ files: [MultipartForm.Part], collection: String, for store: CodexStore) throws -> [String] {
        try CollectionRecord.validate(name: collection)
        let folder = folder(for: store).appendingPathComponent(collection, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try files.map { file in
            let url = folder.appendingPathComponent(safeName(file.filename ?? "upload"))
            try Data(file.data).write(to: url, options: .atomic)
            return url.path
        }
    }

    /// Where uploads are kept: `uploads/` beside a store file, under `$CODEX_HOME` for a store on
    /// a server (its URL is no folder), in a temporary folder for a store in memory.
    static func folder(for store: CodexStore) -> URL {
        if store.location == ":memory:" {
            return FileManager.default.temporaryDirectory.appendingPathComponent("codex-uploads")
        }
        guard let file = store.files.first else {
            return URL(fileURLWithPath: CodexHome.path(environment: ProcessInfo.processInfo.environment))
                .appendingPathComponent("uploads")
        }
        return URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("uploads")
    }

    /// The last path component, with anything but letters, digits, `._- ` replaced, never hidden,
    /// and at most `maxNameBytes` of UTF-8 (file systems stop at 255), its extension kept.
    static func safeName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = String(last.map { $0.isLetter || $0.isNumber || "._- ".contains($0) ? $0 : "_" })
        cleaned = cleaned.isEmpty || cleaned.hasPrefix(".") ? "upload" + cleaned : cleaned
        guard cleaned.utf8.count > maxNameBytes else { return cleaned }
        let dot = cleaned.lastIndex(of: ".").map { cleaned[$0...] } ?? ""
        let ext = dot.utf8.count <= 16 ? String(dot) : ""
        var stem = ext.isEmpty ? cleaned : String(cleaned[..<cleaned.index(cleaned.endIndex, offsetBy: -ext.count)])
        while stem.utf8.count + ext.utf8.count > maxNameBytes { stem.removeLast() }
        return stem + ext
    }

    static let maxNameBytes = 200

    /// A fresh temporary file path (for bundles, which the importer reads from disk).
    static func temporaryFile(extension ext: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("codex-\(UUID().uuidString).\(ext)")
    }
}

extension Request {
    /// The whole body, refused with 413 past `limit`: at once when `Content-Length` says so, else
    /// as soon as a chunked body passes it.
    func collectBody(upTo limit: Int) async throws -> ByteBuffer {
        if let length = headers[.contentLength].flatMap(Int.init), length > limit {
            throw ServerError.tooLarge(limit: limit)
        }
        do {
            return try await body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw ServerError.tooLarge(limit: limit)
        } catch is NIOTooManyBytesError {
            throw ServerError.tooLarge(limit: limit)
        }
    }
}
