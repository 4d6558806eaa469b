import CodexCore
import CodexSQLite
import CodexServer
import Foundation
import Hummingbird
import Logging
import CodexTestSupport

/// A codex server over a real SQLite store in a temp dir, talking to a `FixtureModel`.
struct ServerFixture: Sendable {
    let directory: TemporaryDirectory
    let services: CodexServices

    static let logger = Logger(label: "test.server")

    init(model: URL?, settings: Settings = Settings(), mcp: MCPServerPool? = nil) throws {
        directory = try TemporaryDirectory()
        let store = try SQLiteStore.open(at: directory.path + "/codex.sqlite")
        let transport = CurlTransport(policy: EgressPolicy(allowCloud: false))
        let endpoints =
            model.map { url in
                [
                    ProviderEndpoint(
                        client: ProviderClient(
                            provider: OllamaProvider(baseURL: url), transport: transport, retry: .never,
                            logger: Self.logger),
                        defaultModel: "llama3.2")
                ]
            } ?? []
        let context = CodexContext(
            settings: settings, store: store, logger: Self.logger,
            gateway: Gateway(endpoints: endpoints, logger: Self.logger))
        services = try CodexServices(context: context, mcp: mcp)
    }

    /// How a test reaches the server.
    enum Route {
        /// Through the real HTTP server, listening on an ephemeral loopback port.
        case live
        /// To the router and middleware alone, for routes whose behaviour does not depend on the wire.
        case router
    }

    /// Starts a model fixture and the codex server, and runs `body` with a client for `route`.
    static func run(
        _ scripts: [FixtureModel.Script] = [], configuration: ServerConfiguration = ServerConfiguration(port: 0),
        settings: Settings = Settings(), mcp: MCPServerPool? = nil, route: Route = .live,
        _ body: @Sendable @escaping (any ServerClient, FixtureModel, ServerFixture) async throws -> Void
    ) async throws {
        let model = FixtureModel(scripts)
        try await model.run { url in
            let fixture = try ServerFixture(model: url, settings: settings, mcp: mcp)
            switch route {
            case .router:
                let router = buildRouter(configuration, services: fixture.services)
                try await body(RouterClient(responder: router.buildResponder()), model, fixture)
            case .live:
                try await runLive(configuration, fixture) { port in try await body(LiveClient(port: port), model, fixture) }
            }
        }
    }

    /// Runs the application until `body` has finished with the port it listens on, then shuts it down.
    private static func runLive(
        _ configuration: ServerConfiguration, _ fixture: ServerFixture,
        _ body: @Sendable @escaping (Int) async throws -> Void
    ) async throws {
        let (ports, listening) = AsyncStream.makeStream(of: Int.self)
        let app = try buildApplication(configuration, services: fixture.services) { port in
            listening.yield(port)
            listening.finish()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { listening.finish() }  // a server that fails to start ends the wait for its port
                try await app.runService(gracefulShutdownSignals: [])
            }
            guard let port = await ports.first(where: { _ in true }) else {
                try await group.waitForAll()
                throw CodexError.internal("the test server stopped before it listened")
            }
            defer { group.cancelAll() }  // cancelling the service group shuts the server down
            try await body(port)
        }
    }
}

extension ServerFixture {
    /// Everything a request could have changed: sessions (with their message counts and times),
    /// collections (with their documents and chunks) and the files kept under `uploads/`.
    struct Snapshot: Equatable {
        var sessions: [SessionSummary]
        var collections: [CollectionCatalog.Summary]
        var uploads: [String]
    }

    func snapshot() async throws -> Snapshot {
        let uploads = directory.path + "/uploads"
        return Snapshot(
            sessions: try await services.memory(for: nil).sessions(limit: 500, offset: 0),
            collections: try await CollectionCatalog(store: services.store).list(),
            uploads: (FileManager.default.subpaths(atPath: uploads) ?? []).sorted())
    }

    /// A session with one exchange in it, made through the API; returns its full id.
    func seedSession(_ client: any ServerClient) async throws -> String {
        try await client.post("/chat", json: #"{"message":"my payroll password is hunter2"}"#).json["session_id"]?
            .stringValue ?? ""
    }
}

/// The events of a `text/event-stream` body, in order.
struct EventStream {
    struct Event: Equatable {
        var name: String
        var data: JSONValue
    }
    var events: [Event]

    init(_ text: String) {
        events = text.components(separatedBy: "\n\n").compactMap { frame in
            var name = "message", data = ""
            for line in frame.split(separator: "\n") {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data += line.dropFirst(6) }
            }
            guard !data.isEmpty else { return nil }
            return Event(name: name, data: (try? JSONValue.parse(data)) ?? .string(data))
        }
    }

    var names: [String] { events.map(\.name) }
    func first(_ name: String) -> JSONValue? { events.first { $0.name == name }?.data }
    var text: String { events.filter { $0.name == "token" }.compactMap { $0.data["text"]?.stringValue }.joined() }
}
