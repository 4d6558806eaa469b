import CodexCore
import Foundation
import Hummingbird

/// `/memory`: the conversations codex remembers — list, read (paged), rename, delete; always by full id.
struct MemoryController {
    let services: CodexServices
    let json: JSONRequest

    var endpoints: RouteCollection<CodexRequestContext> {
        RouteCollection(context: CodexRequestContext.self)
            .get(use: list)
            .get(":id", use: messages)
            .patch(":id", use: rename)
            .delete(":id", use: delete)
    }

    struct SessionList: ResponseEncodable {
        var sessions: [SessionSummary]
        var limit: Int
        var offset: Int
    }

    struct MessagePage: ResponseEncodable {
        var session: Session
        var messages: [SessionMessage]
        /// Pass as `after` for the next page; nil on the last page.
        var next: Int?
    }

    struct RenameBody: Decodable { var title: String }

    func list(_ request: Request, context: CodexRequestContext) async throws -> SessionList {
        let (limit, offset) = try Self.page(request, defaultLimit: 50)
        return SessionList(
            sessions: try await services.memory(for: context.user).sessions(limit: limit, offset: offset), limit: limit, offset: offset)
    }

    func messages(_ request: Request, context: CodexRequestContext) async throws -> MessagePage {
        let session = try await services.session(id: try context.parameters.require("id"), for: context.user)
        let (limit, _) = try Self.page(request, defaultLimit: 100)
        let after = request.uri.queryParameters.get("after", as: Int.self) ?? 0
        let messages = try await services.memory(for: context.user).messages(in: session.id, after: after, limit: limit + 1)
        let page = Array(messages.prefix(limit))
        return MessagePage(session: session, messages: page, next: messages.count > limit ? page.last?.seq : nil)
    }

    func rename(_ request: Request, context: CodexRequestContext) async throws -> Session {
        let session = try await services.session(id: try context.parameters.require("id"), for: context.user)
        let body = try await json.decode(RenameBody.self, from: request)
        let title = body.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.count <= 200 else {
            throw CodexError.invalidInput("the title must be 1 to 200 characters", hint: "send {\"title\": \"…\"}")
        }
        return try await services.memory(for: context.user).renameSession(session.id, to: title)
    }

    func delete(_ request: Request, context: CodexRequestContext) async throws -> HTTPResponse.Status {
        let session = try await services.session(id: try context.parameters.require("id"), for: context.user)
        try await services.memory(for: context.user).deleteSession(session.id)
        return .noContent
    }

    static func page(_ request: Request, defaultLimit: Int) throws -> (limit: Int, offset: Int) {
        let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? defaultLimit
        let offset = request.uri.queryParameters.get("offset", as: Int.self) ?? 0
        guard (1...500).contains(limit), offset >= 0 else {
            throw CodexError.invalidInput(
                "limit must be 1 to 500 and offset not negative", hint: "e.g. ?limit=50&offset=0")
        }
        return (limit, offset)
    }
}

extension Session: ResponseEncodable {}
