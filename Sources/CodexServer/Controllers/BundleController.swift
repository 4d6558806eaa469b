import CodexCore
import Foundation
import Hummingbird

/// `GET /memory/{id}/export?format=…` and `POST /memory/import`: sessions as portable bundles.
struct BundleController {
    let services: CodexServices
    let configuration: ServerConfiguration

    func export(_ request: Request, context: CodexRequestContext) async throws -> Response {
        let session = try await services.session(id: try context.parameters.require("id"), for: context.user)
        let name = request.uri.queryParameters.get("format") ?? "json"
        guard let format = BundleFormat(rawValue: name) else {
            throw CodexError.invalidInput(
                "unknown bundle format \"\(name)\"",
                hint: "use one of \(BundleFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let file = Uploads.temporaryFile(extension: format.rawValue)
        let store = services.store
        _ = try await Task.detached {
            try BundleWriter(store: store).export(
                BundleSelection(sessionIds: [session.id]), format: format, to: file)
        }.value
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? nil
        let filename = "codex-\(session.id.uuidString.prefix(8).lowercased()).\(format.rawValue)"
        let contentType = format == .json ? "application/json" : "application/octet-stream"
        return Response(
            status: .ok,
            headers: [.contentType: contentType, .contentDisposition: "attachment; filename=\"\(filename)\""],
            body: ResponseBody(contentLength: size) { writer in
                defer { try? FileManager.default.removeItem(at: file) }
                let handle = try FileHandle(forReadingFrom: file)
                defer { try? handle.close() }
                while let chunk = try handle.read(upToCount: 64 * 1024), !chunk.isEmpty {
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
                try await writer.finish(nil)
            })
    }

    func importBundle(_ request: Request, context: CodexRequestContext) async throws -> BundleImporter.Report {
        var body = try await Uploads.collect(
            request, limit: configuration.limits.maxUploadBytes, tokenChecked: configuration.checksTokens)
        if let boundary = MultipartForm.boundary(of: request.headers[.contentType]) {
            guard let file = MultipartForm(body: body, boundary: boundary).files.first else {
                throw CodexError.invalidInput(
                    "the upload has no bundle", hint: "send the bundle in a \"file\" form field")
            }
            body = ByteBuffer(bytes: file.data)
        }
        let policyName = request.uri.queryParameters.get("on_clash") ?? "skip"
        guard let policy = ImportPlan.ClashPolicy(rawValue: policyName) else {
            throw CodexError.invalidInput("unknown clash policy \"\(policyName)\"", hint: "use skip, replace or as-new")
        }
        let bytes = Array(body.readableBytesView)
        let format = BundleFormat.detect(bytes) ?? .json
        let file = Uploads.temporaryFile(extension: format.rawValue)
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var importer = BundleImporter(store: services.store)
        importer.owner = context.user?.id
        do {
            return try await Task.detached { [importer] in
                try importer.importBundle(at: file, policy: policy)
            }.value
        } catch let error as CodexError {
            throw error.naming(file.path, as: "the uploaded bundle")
        }
    }
}

extension CodexError {
    /// The error with a server-side path (a temporary file) replaced by what the caller knows it as.
    func naming(_ path: String, as name: String) -> CodexError {
        CodexError(
            kind: kind, message: message.replacingOccurrences(of: path, with: name),
            hint: hint?.replacingOccurrences(of: path, with: name))
    }
}

extension BundleImporter.Report: ResponseEncodable {}
extension IngestSummary: ResponseEncodable {}
