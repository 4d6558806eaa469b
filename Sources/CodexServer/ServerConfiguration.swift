import CodexCore
import Foundation
import Logging

/// Where `codex serve` listens, who may call it, and how much one caller may ask of it.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (tests).
    public var port: Int
    /// Required on every route but `/health` when set; required to bind anything but loopback.
    public var token: String?
    public var limits: Limits
    public var timeouts: Timeouts
    /// Folders `POST /ingest` may read by path; empty means uploads only.
    public var ingestRoots: [String]
    /// An origin allowed by CORS (and so allowed to change things from a browser); nil (the default)
    /// sends no CORS headers at all.
    public var corsOrigin: String?
    /// Host names served besides the loopback names (or, off loopback, besides the bound address).
    public var allowedHosts: [String]
    /// The store has users (`codex serve users add`): each request but `/health` and the web UI's
    /// files needs one's token, and reaches only that user's sessions. Read when the server starts.
    public var hasUsers: Bool

    /// Whether requests carry a checked bearer token (a server token, or a user's).
    var checksTokens: Bool { token != nil || hasUsers }

    public struct Limits: Sendable {
        /// Largest JSON request body.
        public var maxBodyBytes: Int
        /// Largest upload (`/ingest`, `/memory/import`).
        public var maxUploadBytes: Int
        /// Deepest nesting of arrays and objects accepted in a JSON body.
        public var maxJSONDepth: Int
        /// Requests one client address may have in flight at once.
        public var maxConcurrentPerClient: Int
        /// Largest request line plus headers; more gets 431 and the connection is closed.
        public var maxHeaderBytes: Int

        public init(
            maxBodyBytes: Int = 1 << 20, maxUploadBytes: Int = 64 << 20, maxJSONDepth: Int = 32,
            maxConcurrentPerClient: Int = 64, maxHeaderBytes: Int = 32 << 10
        ) {
            self.maxBodyBytes = maxBodyBytes
            self.maxUploadBytes = maxUploadBytes
            self.maxJSONDepth = maxJSONDepth
            self.maxConcurrentPerClient = maxConcurrentPerClient
            self.maxHeaderBytes = maxHeaderBytes
        }
    }

    /// How long a connection may take to say what it wants, and how long it may say nothing.
    public struct Timeouts: Sendable {
        /// From connecting to the end of the first request's headers (slow-header attacks).
        public var headerRead: Duration
        /// Between requests on a kept-alive connection, and while a request is being read with
        /// nothing arriving. Streaming replies are not cut: they are not idle.
        public var idle: Duration

        public init(headerRead: Duration = .seconds(10), idle: Duration = .seconds(30)) {
            self.headerRead = headerRead
            self.idle = idle
        }
    }

    public init(
        host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, limits: Limits = Limits(),
        timeouts: Timeouts = Timeouts(), ingestRoots: [String] = [], corsOrigin: String? = nil,
        allowedHosts: [String] = [], hasUsers: Bool = false
    ) {
        self.host = host
        self.port = port
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.limits = limits
        self.timeouts = timeouts
        self.ingestRoots = ingestRoots
        self.corsOrigin = corsOrigin.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.allowedHosts = allowedHosts
        self.hasUsers = hasUsers
    }

    /// True for addresses only this machine can reach.
    public var isLoopback: Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.")
    }

    /// Refuses to expose the server beyond this machine without a token, and settings that cannot work.
    public func validate() throws {
        guard isLoopback || checksTokens else { throw CodexError.serverNeedsToken(host: host) }
        guard (0...65535).contains(port) else {
            throw CodexError.invalidInput("port \(port) is out of range", hint: "pick a port between 1 and 65535")
        }
        for name in allowedHosts where HostPolicy.normalizedName(name) == nil {
            throw CodexError.invalidInput(
                "--allowed-host \(name) is not a host name", hint: "give a bare name or address, e.g. codex.lan")
        }
        if let corsOrigin, HostPolicy.origin(corsOrigin) == nil {
            throw CodexError.invalidInput(
                "--cors-origin \(corsOrigin) is not an origin",
                hint: "give scheme, host and port, e.g. http://127.0.0.1:3000")
        }
    }
}

extension CodexError {
    static func serverNeedsToken(host: String) -> CodexError {
        .invalidInput(
            "refusing to listen on \(host) without a token: anyone on the network could use your models and memory",
            hint: "set CODEX_SERVER_TOKEN or pass --token-file, add users (codex serve users add NAME), "
                + "or keep the default --host 127.0.0.1")
    }
}
