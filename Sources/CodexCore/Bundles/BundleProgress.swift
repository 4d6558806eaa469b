/// How far an export or import has come; the CLI draws a bar from it, the server can stream it.
public struct BundleProgress: Sendable, Equatable {
    public enum Phase: String, Sendable, Codable {
        case exportingMessages = "exporting messages"
        case exportingDocuments = "exporting documents"
        case verifying
        case importing
    }

    public var phase: Phase
    public var done: Int
    public var total: Int
}
