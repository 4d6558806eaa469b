import CodexCore
import Hummingbird
import HummingbirdWebSocket
import Logging

/// The server `codex serve` runs and the tests start on an ephemeral port.
public func buildApplication(
    _ configuration: ServerConfiguration, services: CodexServices,
    onListening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    try configuration.validate()
    let router = buildRouter(configuration, services: services)
    var logger = services.logger
    logger[metadataKey: "component"] = "server"
    return Application(
        router: router,
        server: .codex(webSocketRouter: router, configuration),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "codex/\(CodexVersion.current)"),
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

/// Every route, behind (outermost first) security headers, the Host allow-list, CORS (when asked),
/// error mapping, the cross-site check, auth (when a token is set) and the per-client limit.
/// CORS sits outside error mapping so that it adds its headers to error bodies as they are sent.
public func buildRouter(_ configuration: ServerConfiguration, services: CodexServices) -> Router<CodexRequestContext> {
    let router = Router(context: CodexRequestContext.self)
    let json = JSONRequest(limits: configuration.limits)
    let hosts = HostPolicy(configuration)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: HostGuardMiddleware(policy: hosts, port: configuration.port))
    if let origin = configuration.corsOrigin {
        router.add(
            middleware: CORSMiddleware(
                allowOrigin: .custom(origin), allowHeaders: [.contentType, .authorization, Uploads.clientHeader],
                allowMethods: [.get, .post, .patch, .delete, .options]))
    }
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: CrossSiteGuardMiddleware(policy: hosts, port: configuration.port))
    if configuration.hasUsers {
        router.add(middleware: UserAuthMiddleware(users: TeamUsers(store: services.store)))
    } else if let token = configuration.token {
        router.add(middleware: BearerAuthMiddleware(token: token))
    }
    router.add(middleware: ConcurrencyLimitMiddleware(limit: configuration.limits.maxConcurrentPerClient))

    let health = HealthController(services: services)
    router.get("health", use: health.health)
    let ui = WebUIController()
    router.get("/", use: ui.index)
    router.get("ui/:file", use: ui.asset)

    let chat = ChatController(services: services, json: json)
    router.addRoutes(chat.endpoints, atPath: "chat")
    let socket = WebSocketChat(services: services, maxMessageBytes: configuration.limits.maxBodyBytes)
    router.ws("chat/ws", onUpgrade: socket.handle)
    router.addRoutes(AskController(services: services, json: json).endpoints, atPath: "ask")

    let bundles = BundleController(services: services, configuration: configuration)
    router.post("memory/import", use: bundles.importBundle)
    router.get("memory/:id/export", use: bundles.export)
    router.addRoutes(MemoryController(services: services, json: json).endpoints, atPath: "memory")

    router.get("docs", use: DocsController(services: services).list)
    router.post("ingest", use: IngestController(services: services, configuration: configuration, json: json).ingest)

    let openAI = OpenAICompatibleController(services: services, json: json)
    router.get("v1/models", use: openAI.models)
    router.post("v1/chat/completions", use: openAI.completions)
    return router
}

/// Runs the server until SIGINT or SIGTERM; in-flight streams finish or are cancelled first.
public func runServer(
    _ configuration: ServerConfiguration, services: CodexServices,
    onListening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) async throws {
    let app = try buildApplication(configuration, services: services, onListening: onListening)
    try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
}
