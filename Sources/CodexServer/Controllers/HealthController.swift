import CodexCore
import Foundation
import Hummingbird

/// `GET /health`: is the store readable, which providers answer, which version runs. Open without
/// a token so a supervisor can probe it; it tells nothing secret.
struct HealthController {
    let services: CodexServices

    struct Health: ResponseEncodable {
        var status: String
        var version: String
        var store: Store
        var providers: [Provider]

        struct Store: Codable {
            var ok: Bool
            var error: String?
        }
        struct Provider: Codable {
            var id: String
            var kind: String
            var up: Bool
            var detail: String
            var version: String?
        }
    }

    func health(_ request: Request, context: CodexRequestContext) async throws -> EditedResponse<Health> {
        var store = Health.Store(ok: true)
        do {
            _ = try await CollectionCatalog(store: services.store).list()
        } catch {
            store = Health.Store(ok: false, error: (error as? CodexError)?.message ?? "the store cannot be read")
        }
        let providers = await services.gateway.probeAll().map { endpoint, health in
            Health.Provider(
                id: endpoint.id.rawValue, kind: endpoint.kind.rawValue, up: health.isUp, detail: health.detail,
                version: health.version)
        }
        let status = !store.ok ? "failing" : providers.contains(where: \.up) ? "ok" : "degraded"
        return EditedResponse(
            status: store.ok ? .ok : .serviceUnavailable,
            response: Health(status: status, version: CodexVersion.current, store: store, providers: providers))
    }
}
