import Foundation

/// The only entry names a bundle may hold. Anything else is refused, whatever the manifest says.
enum BundlePath: Hashable {
    case manifest
    case session(id: String)
    case messages(sessionId: String)
    case collection(key: String)
    case documents(key: String)
    case chunks(key: String)

    init?(_ path: String) {
        if path == BundleManifest.path {
            self = .manifest
            return
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return nil }
        switch (parts[0], parts[2]) {
        case ("sessions", "session.json") where Self.isSessionId(parts[1]): self = .session(id: parts[1])
        case ("sessions", "messages.jsonl") where Self.isSessionId(parts[1]): self = .messages(sessionId: parts[1])
        case ("collections", "collection.json") where Self.isCollectionKey(parts[1]): self = .collection(key: parts[1])
        case ("collections", "documents.jsonl") where Self.isCollectionKey(parts[1]): self = .documents(key: parts[1])
        case ("collections", "chunks.jsonl") where Self.isCollectionKey(parts[1]): self = .chunks(key: parts[1])
        default: return nil
        }
    }

    /// A UUID in the store's lower-case form.
    static func isSessionId(_ text: String) -> Bool { UUID(uuidString: text)?.lowercasedString == text }

    /// `c1`, `c2`…
    static func isCollectionKey(_ text: String) -> Bool {
        text.count >= 2 && text.count <= 10 && text.first == "c" && text.dropFirst().allSatisfy(\.isASCIIDigit)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
