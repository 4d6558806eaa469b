import CodexCore
import Foundation
import Hummingbird

/// `POST /ingest`: files uploaded as `multipart/form-data` (kept beside the store, so citations
/// stay readable), or `{"path"}` of a folder under one of the configured ingest roots.
struct IngestController {
    let services: CodexServices
    let configuration: ServerConfiguration
    let json: JSONRequest

    struct PathBody: Decodable {
        var path: String
        var collection: String?
        /// On a server with users: make the collection (new, or already the caller's) private.
        var `private`: Bool?
    }

    func ingest(_ request: Request, context: CodexRequestContext) async throws -> IngestSummary {
        if let boundary = MultipartForm.boundary(of: request.headers[.contentType]) {
            let body = try await Uploads.collect(
                request, limit: configuration.limits.maxUploadBytes, tokenChecked: configuration.checksTokens)
            let form = MultipartForm(body: body, boundary: boundary)
            let collection = form.field("collection").flatMap { $0.isEmpty ? nil : $0 } ?? CollectionRecord.defaultName
            guard !form.files.isEmpty else {
                throw CodexError.invalidInput("the upload has no files", hint: "send files in a \"file\" form field")
            }
            try await checkAccess(to: collection, makePrivate: form.field("private") == "true", context: context)
            let saved = try Uploads.save(form.files, collection: collection, for: services.store)
            return try await run(saved, collection: collection, context: context)
        }
        let body = try await json.decode(PathBody.self, from: request)
        let collection = body.collection ?? CollectionRecord.defaultName
        try CollectionRecord.validate(name: collection)
        let path = try allowedPath(body.path)
        try await checkAccess(to: collection, makePrivate: body.private == true, context: context)
        return try await run([path], collection: collection, context: context)
    }

    /// On a server with users, another user's private collection is as absent as a missing one,
    /// and `private` makes the collection the caller's own (it must be new or theirs already).
    private func checkAccess(to collection: String, makePrivate: Bool, context: CodexRequestContext) async throws {
        guard let user = context.user else {
            if makePrivate {
                throw CodexError.invalidInput(
                    "private collections need a server with users", hint: "add users with codex serve users add NAME")
            }
            return
        }
        if makePrivate {
            try CollectionRecord.validate(name: collection)
            return try await services.store.collections.makePrivate(collection, to: user.id)
        }
        if let owner = try await services.store.collections.named(collection)?.ownerId, owner != user.id {
            throw CodexError.collectionNotFound(collection)
        }
    }

    /// Indexes `paths` and gives the new chunks vectors (the same flow as `codex ingest`); keyword
    /// search works even when embedding fails, so that failure is logged, not returned.
    private func run(_ paths: [String], collection: String, context: CodexRequestContext) async throws -> IngestSummary
    {
        var summary: IngestSummary?
        do {
            let flow = IngestFlow(context: services.context, embedder: services.embedder)
            for try await event in flow.run(paths, options: IngestOptions(collection: collection)) {
                switch event {
                case .text(.finished(let final)): summary = final
                case .embedderUnavailable(let error): warnNoVectors(error, context)
                default: break
                }
            }
        } catch let error where summary != nil {
            warnNoVectors(error, context)
        }
        guard let summary else { throw CodexError.internal("the ingest ended without a summary") }
        return summary
    }

    private func warnNoVectors(_ error: any Error, _ context: CodexRequestContext) {
        context.logger.warning(
            "vectors not computed; keyword search still works",
            metadata: ["error": "\((error as? CodexError)?.message ?? "\(type(of: error))")"])
    }

    /// `path` resolved (symlinks too) when it lies inside an ingest root, by the same resolver that
    /// decides what the file tools may read (`AllowedRoots`), so the two can never disagree.
    func allowedPath(_ path: String) throws -> String {
        do throws(CodexError) {
            return try AllowedRoots(configuration.ingestRoots).resolve(path)
        } catch  where error == CodexError.outsideAllowedRoots(path) {
            throw CodexError(
                kind: .egress, message: "the server may not read \(path)",
                hint: configuration.ingestRoots.isEmpty
                    ? "upload the files instead, or start codex serve with --ingest-root"
                    : "ingest a path under \(configuration.ingestRoots.joined(separator: ", ")) or upload the files")
        } catch {
            throw CodexError.notFound("\(path) does not exist", hint: "check the path on the server's machine")
        }
    }
}
