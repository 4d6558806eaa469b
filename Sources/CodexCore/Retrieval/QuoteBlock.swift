/// One logical unit of a passage that an answer may quote whole: a paragraph, a list (a whole
/// procedure), a code block, a table, an admonition, a definition's signature.
struct QuoteBlock: Equatable {
    enum Kind: Equatable {
        case heading, prose, list, code, table
        /// The signature line of a described object (`.. function:: reverse(viewname, …)`).
        case signature
    }

    var kind: Kind
    /// 0-based offsets of the first and last line of the passage this block came from.
    var firstLine: Int
    var lastLine: Int
    /// Plain text as a reader sees it: markup rendered, code kept as written (dedented).
    var text: String
    /// Prose that introduces what follows ("For example::", "Add this to your settings:").
    var leadsIn: Bool = false

    /// Whether this block shows something to type or do: code, a procedure, a table, or prose
    /// naming code (`--flag`, `SETTING`, `func()`).
    var showsCode: Bool { kind == .code || kind == .signature || kind == .table || text.contains("`") }

    /// The block as it appears in an answer: code indented by four spaces, the rest as rendered.
    var quoted: String {
        switch kind {
        case .code: text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        default: text
        }
    }
}
