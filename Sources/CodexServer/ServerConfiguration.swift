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
    /// Folders `POST /ingest` may read by path; empty means uploads only.
    public var ingestRoots: [String]
    /// An origin allowed by CORS; nil (the default) sends no CORS headers at all.
    public var corsOrigin: String?

    public struct Limits: Sendable {
        /// Largest JSON request body.
        public var maxBodyBytes: Int
        /// Largest upload (`/ingest`, `/memory/import`).
        public var maxUploadBytes: Int
        /// Deepest nesting of arrays and objects accepted in a JSON body.
        public var maxJSONDepth: Int
        /// Requests one client address may have in flight at once.
        public var maxConcurrentPerClient: Int

        public init(
            maxBodyBytes: Int = 1 << 20, maxUploadBytes: Int = 64 << 20, maxJSONDepth: Int = 32,
            maxConcurrentPerClient: Int = 64
        ) {
            self.maxBodyBytes = maxBodyBytes
            self.maxUploadBytes = maxUploadBytes
            self.maxJSONDepth = maxJSONDepth
            self.maxConcurrentPerClient = maxConcurrentPerClient
        }
    }

    public init(
        host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, limits: Limits = Limits(),
        ingestRoots: [String] = [], corsOrigin: String? = nil
    ) {
        self.host = host
        self.port = port
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.limits = limits
        self.ingestRoots = ingestRoots
        self.corsOrigin = corsOrigin
    }

    /// True for addresses only this machine can reach.
    public var isLoopback: Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.")
    }

    /// Refuses to expose the server beyond this machine without a token.
    public func validate() throws {
        guard isLoopback || token != nil else { throw CodexError.serverNeedsToken(host: host) }
        guard (0...65535).contains(port) else {
            throw CodexError.invalidInput("port \(port) is out of range", hint: "pick a port between 1 and 65535")
        }
    }
}

extension CodexError {
    static func serverNeedsToken(host: String) -> CodexError {
        .invalidInput(
            "refusing to listen on \(host) without a token: anyone on the network could use your models and memory",
            hint: "pass --token (or set CODEX_SERVER_TOKEN), or keep the default --host 127.0.0.1")
    }
}
