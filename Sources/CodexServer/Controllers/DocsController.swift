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
        Collections(collections: try await CollectionCatalog(store: services.store).list())
    }
}
