/// Splits newline-delimited JSON (Ollama's streaming format) into one JSON text per line.
///
/// Blank and whitespace-only lines are skipped; the text is not parsed here, so a provider can
/// look for an `error` member before deciding what the object is.
public struct NDJSONDecoder: Sendable {
    private var lines: LineSplitter

    public init(maxLineBytes: Int = 32 << 20) {
        lines = LineSplitter(maxLineBytes: maxLineBytes)
    }

    /// The JSON texts completed by `bytes`.
    public mutating func push(_ bytes: some Collection<UInt8>) throws(CodexError) -> [String] {
        try lines.push(bytes).filter(Self.hasContent)
    }

    /// A last object the server sent without a final newline.
    public mutating func finish() -> [String] {
        lines.finish().map { [$0] }?.filter(Self.hasContent) ?? []
    }

    private static func hasContent(_ line: String) -> Bool {
        line.utf8.contains { $0 != 0x20 && $0 != 0x09 }
    }
}
