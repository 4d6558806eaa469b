import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one decision every outgoing request passes: codex talks to this machine, and to the cloud
/// only when the user allowed it.
///
/// Why this rule exists: codex runs on air-gapped laptops and promises never to send a prompt or a
/// document off the machine unless asked to. Practical advice: local servers belong on 127.0.0.1;
/// reach a server on another host through an SSH tunnel. What breaks if you ignore it: a
/// misconfigured URL would silently ship private text to a remote host.
public struct EgressPolicy: Sendable, Hashable {
    public var allowCloud: Bool

    public init(allowCloud: Bool) {
        self.allowCloud = allowCloud
    }

    /// `CODEX_ALLOW_CLOUD=1` (or `true`/`yes`) allows cloud providers; anything else keeps codex local.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> EgressPolicy
    {
        let value = environment["CODEX_ALLOW_CLOUD"]?.lowercased() ?? ""
        return EgressPolicy(allowCloud: ["1", "true", "yes", "on"].contains(value))
    }

    /// Allows loopback destinations always, other hosts only for a cloud provider when cloud use is allowed.
    /// - Throws: `CodexError` of kind `.egress` naming the host and how to allow it.
    public func check(_ url: URL, for purpose: EgressPurpose) throws(CodexError) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw CodexError.unsupportedScheme(url.scheme ?? "")
        }
        let host = Self.host(of: url)
        if Self.isLoopback(host) { return }
        switch purpose {
        case .cloud(let provider):
            guard allowCloud else { throw CodexError.cloudNotAllowed(host: host, provider: provider) }
        case .local(let provider):
            throw CodexError.nonLoopbackLocalServer(host: host, provider: provider)
        }
    }

    /// The host of `url` without IPv6 brackets, lower-cased.
    static func host(of url: URL) -> String {
        var host = url.host ?? ""
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.lowercased()
    }

    /// `localhost`, any 127.0.0.0/8 address, `::1` and IPv4-mapped loopback. Names other than
    /// `localhost` are not resolved: a DNS answer could change between the check and the connection.
    public static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "localhost." { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            let bytes = withUnsafeBytes(of: v6) { Array($0) }
            if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }  // ::1
            let mapped = bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff
            return mapped && bytes[12] == 127  // ::ffff:127.x.y.z
        }
        return false
    }

    /// Whether `url` points at this machine (then proxies from the environment are bypassed).
    public static func isLoopback(_ url: URL) -> Bool { isLoopback(host(of: url)) }
}
