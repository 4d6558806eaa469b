import Foundation

/// An Ollama model name, `[host/][namespace/]model[:tag]`, with Ollama's defaults filled in:
/// `smollm2` is `registry.ollama.ai/library/smollm2:latest`.
///
/// Every part is checked against a narrow alphabet, because the parts become folder names both
/// when a model is exported and when an archive names where its manifest goes.
public struct ModelReference: Sendable, Hashable, Codable, CustomStringConvertible {
    public static let defaultHost = "registry.ollama.ai"
    public static let defaultNamespace = "library"
    public static let defaultTag = "latest"

    public var host: String
    public var namespace: String
    public var model: String
    public var tag: String

    public init?(host: String, namespace: String, model: String, tag: String) {
        guard Self.isValidPart(host, allowingPort: true), Self.isValidPart(namespace), Self.isValidPart(model),
            Self.isValidPart(tag)
        else { return nil }
        self.host = host
        self.namespace = namespace
        self.model = model
        self.tag = tag
    }

    /// Parses what a user types: `smollm2`, `smollm2:135m`, `me/tuned:v2`, `localhost:5000/me/tuned:v2`.
    public init?(_ text: String) {
        var parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count), let last = parts.popLast() else { return nil }
        let nameAndTag = last.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let host = parts.count == 2 ? parts[0] : Self.defaultHost
        let namespace = parts.last ?? Self.defaultNamespace
        self.init(
            host: host, namespace: namespace, model: nameAndTag[0],
            tag: nameAndTag.count == 2 ? nameAndTag[1] : Self.defaultTag)
    }

    /// `manifests/<host>/<namespace>/<model>/<tag>`, relative to the models folder (and in archives).
    public var manifestPath: String { "manifests/\(host)/\(namespace)/\(model)/\(tag)" }

    /// The reference a manifest path names; nil for anything else.
    init?(manifestPath path: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, parts[0] == "manifests" else { return nil }
        self.init(host: parts[1], namespace: parts[2], model: parts[3], tag: parts[4])
    }

    /// As Ollama shows it: `smollm2:latest` for the default registry and namespace.
    public var description: String {
        if host == Self.defaultHost && namespace == Self.defaultNamespace { return "\(model):\(tag)" }
        if host == Self.defaultHost { return "\(namespace)/\(model):\(tag)" }
        return "\(host)/\(namespace)/\(model):\(tag)"
    }

    /// Letters, digits, `_`, `.` and `-`, starting with a letter, digit or `_`, at most 128
    /// characters (Ollama's own rule for tags); a host may also hold one `:port`.
    static func isValidPart(_ text: String, allowingPort: Bool = false) -> Bool {
        var text = Substring(text)
        if allowingPort, let colon = text.firstIndex(of: ":") {
            let port = text[text.index(after: colon)...]
            guard (1...5).contains(port.count), port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            text = text[..<colon]
        }
        guard let first = text.first, (1...128).contains(text.count), first.isASCII,
            first.isLetter || first.isNumber || first == "_"
        else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
    }
}
