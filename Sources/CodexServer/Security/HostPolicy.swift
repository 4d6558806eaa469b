import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Which `Host` names and `Origin`s are this server's own.
///
/// Why this rule exists: a page on any web site can make its own domain resolve to 127.0.0.1
/// (DNS rebinding) and then read the server as if it were its own origin; the one thing it cannot
/// change is the `Host` header, which carries its name. So only names an attacker cannot own are
/// served: loopback names (`localhost`, `*.localhost`, loopback addresses), the address the
/// connection arrived on, the bound address, and names the user listed with `--allowed-host`.
/// The same names, with the port the connection arrived on, make the origins the server calls its
/// own. Pure decisions, so every rule is tested without a socket.
struct HostPolicy: Sendable {
    /// Normalized extra names: the bound address (unless a wildcard) and `--allowed-host`.
    let names: Set<String>
    /// Exactly as configured, e.g. `http://127.0.0.1:3000`; also allowed to change things.
    let corsOrigin: Origin?

    /// The socket a request arrived on, as the server sees it.
    struct Endpoint: Sendable, Equatable {
        /// The local address, canonical (`127.0.0.1`, `::1`); nil when unknown.
        var address: String?
        var port: Int
    }

    struct Origin: Sendable, Equatable {
        var scheme: String
        var host: String
        var port: Int
    }

    init(_ configuration: ServerConfiguration) {
        var names = Set(configuration.allowedHosts.compactMap(Self.normalizedName))
        if let bound = Self.normalizedName(configuration.host), !["0.0.0.0", "::"].contains(bound) {
            names.insert(bound)
        }
        self.names = names
        corsOrigin = configuration.corsOrigin.flatMap(Self.origin)
    }

    /// Whether a `Host` header value names this server: an allowed name and, when it has one, the port
    /// the connection arrived on.
    func allows(host authority: String, on endpoint: Endpoint) -> Bool {
        guard let parts = Self.split(authority) else { return false }
        if let port = parts.port, port != endpoint.port { return false }
        return allows(name: parts.name, on: endpoint)
    }

    func allows(name: String, on endpoint: Endpoint) -> Bool {
        Self.isLoopbackName(name) || names.contains(name) || name == endpoint.address
    }

    /// An origin served by this very server: http, an allowed name, the port the connection arrived on.
    ///
    /// A `ws://` or `wss://` origin with an allowed name also passes: browsers send only a page's
    /// http(s) origin (or `null`), so such a value comes from a WebSocket client outside a browser,
    /// which often names the socket's own host without a port.
    func isOwn(origin text: String, on endpoint: Endpoint) -> Bool {
        guard let origin = Self.origin(text) else { return false }
        switch origin.scheme {
        case "http": return origin.port == endpoint.port && allows(name: origin.host, on: endpoint)
        case "ws", "wss": return allows(name: origin.host, on: endpoint)
        default: return false
        }
    }

    /// Whether a browser request may change things (or open a WebSocket): no `Origin` or an own or
    /// CORS-allowed one, and no `Sec-Fetch-Site` saying it came from another site.
    ///
    /// Requests without `Origin` or `Sec-Fetch-Site` (curl, the `openai` client, scripts) pass:
    /// browsers always send `Origin` on WebSocket upgrades and on every method but GET and HEAD.
    func allowsChange(origin: String?, fetchSite: String?, on endpoint: Endpoint) -> Bool {
        let allowedCrossSite = corsOrigin != nil && origin.flatMap(Self.origin) == corsOrigin
        if let origin, !allowedCrossSite, !isOwn(origin: origin, on: endpoint) { return false }
        switch fetchSite?.lowercased() {
        case nil, "same-origin", "none": return true
        default: return allowedCrossSite  // cross-site, same-site (another port) or unknown values
        }
    }

    // MARK: Parsing

    /// `localhost`, `*.localhost` (RFC 6761: always this machine) and loopback addresses.
    static func isLoopbackName(_ name: String) -> Bool {
        name == "localhost" || name.hasSuffix(".localhost") || name == "::1"
            || (name.hasPrefix("127.") && canonicalAddress(name) == name)
    }

    /// A host name lowercased, or an IP address in canonical form (brackets removed); nil when it is neither.
    static func normalizedName(_ raw: String) -> String? {
        let lowered = raw.lowercased()
        if lowered.hasPrefix("[") {
            guard lowered.hasSuffix("]"), let address = canonicalAddress(String(lowered.dropFirst().dropLast())),
                address.contains(":")
            else { return nil }
            return address
        }
        if let address = canonicalAddress(lowered) { return address }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-.")
        guard !lowered.isEmpty, lowered.count <= 253, lowered.allSatisfy(allowed.contains), !lowered.hasPrefix("."),
            !lowered.hasPrefix("-")
        else { return nil }
        return lowered
    }

    /// Name and optional port of a `Host` value (`name`, `name:8080`, `[::1]:8080`); nil when malformed.
    static func split(_ authority: String) -> (name: String, port: Int?)? {
        var hostPart = Substring(authority)
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[...close]
            let rest = authority[authority.index(after: close)...]
            if !rest.isEmpty {
                guard rest.first == ":" else { return nil }
                portText = rest.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            hostPart = authority[..<colon]  // an IPv6 address must be in brackets
            portText = authority[authority.index(after: colon)...]
        }
        guard let name = normalizedName(String(hostPart)) else { return nil }
        guard let portText else { return (name, nil) }
        guard (1...5).contains(portText.count), portText.allSatisfy(\.isASCIIDigit), let port = Int(portText),
            port <= 65535
        else { return nil }
        return (name, port)
    }

    /// `scheme://host[:port]` with nothing after it; the port defaults to the scheme's.
    static func origin(_ text: String) -> Origin? {
        let lowered = text.lowercased()
        for (scheme, defaultPort) in [("http", 80), ("https", 443), ("ws", 80), ("wss", 443)] {
            let prefix = scheme + "://"
            guard lowered.hasPrefix(prefix) else { continue }
            let authority = String(lowered.dropFirst(prefix.count))
            guard !authority.contains("/"), !authority.contains("@"), let parts = split(authority) else { return nil }
            return Origin(scheme: scheme, host: parts.name, port: parts.port ?? defaultPort)
        }
        return nil
    }

    /// An IPv4 or IPv6 address in the form `inet_ntop` writes it, or nil.
    static func canonicalAddress(_ text: String) -> String? {
        var v4 = in_addr()
        var v6 = in6_addr()
        var output = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        if inet_pton(AF_INET, text, &v4) == 1, inet_ntop(AF_INET, &v4, &output, socklen_t(output.count)) != nil {
            return String(decoding: output.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self)
        }
        if inet_pton(AF_INET6, text, &v6) == 1, inet_ntop(AF_INET6, &v6, &output, socklen_t(output.count)) != nil {
            return String(decoding: output.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self)
        }
        return nil
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
