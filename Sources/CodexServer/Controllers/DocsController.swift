import CodexCore
import Foundation
import Hummingbird

/// `GET /docs`: the document collections, with their sizes.
struct DocsController {
    let services: CodexServices

    struct Collections: ResponseEncodable {
        var collections: [CollectionCatalog.Summary]
    }

    func list(_ request: Request, context: CodexRequestContext) async throws -> Collections {
        let all = try await CollectionCatalog(store: services.store).list()
        // A user of a shared server sees the shared collections and their own private ones.
        guard let user = context.user else { return Collections(collections: all) }
        return Collections(collections: all.filter { $0.ownerId == nil || $0.ownerId == user.id })
    }
}
