/// Merges tool-call fragments into whole calls, in the order the calls were started.
///
/// Merging is idempotent about ids and names (some servers repeat them on every fragment) and
/// appends argument text in arrival order; parallel calls interleave by `index`.
struct ToolCallAssembler: Sendable {
    private var calls: [(index: Int?, id: String?, name: String, arguments: String)] = []

    mutating func add(_ fragment: ToolCallFragment) {
        if !fragment.isWhole, let index = fragment.index, let slot = calls.lastIndex(where: { $0.index == index }) {
            if let id = fragment.id, !id.isEmpty { calls[slot].id = id }
            if let name = fragment.name, !name.isEmpty { calls[slot].name = name }
            calls[slot].arguments += fragment.arguments
        } else {
            calls.append(
                (fragment.isWhole ? nil : fragment.index, fragment.id, fragment.name ?? "", fragment.arguments))
        }
    }

    var isEmpty: Bool { calls.isEmpty }

    /// The assembled calls; fragments that never got a name are dropped.
    var toolCalls: [ToolCall] {
        calls.filter { !$0.name.isEmpty }.map { ToolCall(id: $0.id, name: $0.name, arguments: $0.arguments) }
    }
}
