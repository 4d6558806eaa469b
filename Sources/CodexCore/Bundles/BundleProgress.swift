/// How far an export or import has come; the CLI draws a bar from it, the server can stream it.
public struct BundleProgress: Sendable, Equatable {
    public enum Phase: String, Sendable, Codable {
        case exportingMessages = "exporting messages"
        case exportingDocuments = "exporting documents"
        case verifying
        case importing
        /// A model's files being written to its archive.
        case exportingModel = "exporting"
        /// A verified model being moved into its folder.
        case installing

        /// Whether `done` and `total` count bytes (else records).
        public var countsBytes: Bool { [.verifying, .exportingModel, .installing].contains(self) }
    }

    public var phase: Phase
    public var done: Int
    public var total: Int

    public init(phase: Phase, done: Int, total: Int) {
        self.phase = phase
        self.done = done
        self.total = total
    }
}
