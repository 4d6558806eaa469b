import Foundation

extension Assistant {
    /// Reads a paste too long for the window part by part (map), then combines the parts'
    /// summaries until they fit `room` tokens (reduce); the caller asks for the final summary in
    /// the streamed reply. Each step is one request that fits the window.
    func digest(
        _ paste: PastedText, route: ModelRoute, room: Int, progress: @escaping @Sendable (String) -> Void
    ) async throws -> (digests: [TurnPlanner.PartDigest], reads: Int) {
        let window = route.planningWindow
        // Short: small models ramble to the limit, and each part costs the user a wait.
        let replyTokens = min(120, max(48, window / 16))
        let mapInstructions = """
            Below is one part of a longer text the user pasted. Summarise this part in at most four \
            sentences. Keep names, numbers, error messages and times exactly as written.
            """
        let stepBudget = window - replyTokens - TokenEstimate.of(mapInstructions) - 64
        let groups = Self.groups(paste.parts.map { ($0.text, $0.startLine, $0.endLine) }, budget: stepBudget)
        var digests: [TurnPlanner.PartDigest] = []
        for (index, group) in groups.enumerated() {
            try Task.checkCancellation()
            let lines = "lines \(group.first)-\(group.last)"
            progress("reading part \(index + 1) of \(groups.count) of your message (\(lines))")
            let text = try await ask(
                mapInstructions + "\n\n--- \(lines) ---\n" + group.text, route: route, replyTokens: replyTokens)
            digests.append(TurnPlanner.PartDigest(lines: lines, summary: text))
        }
        let reduceInstructions = """
            Below are summaries of consecutive parts of a text. Combine them into one summary of at most \
            five sentences. Keep names, numbers, error messages and times exactly as written.
            """
        while digests.count > 1, digests.reduce(0, { $0 + TokenEstimate.of($1.summary) + 12 }) > room * 3 / 4 {
            let merged = Self.groups(
                digests.map { ($0.summary, Self.firstLine($0.lines), Self.lastLine($0.lines)) },
                budget: window - replyTokens - TokenEstimate.of(reduceInstructions) - 64)
            guard merged.count < digests.count else { break }
            progress("combining \(digests.count) part summaries into \(merged.count)")
            var next: [TurnPlanner.PartDigest] = []
            for group in merged {
                let lines = "lines \(group.first)-\(group.last)"
                next.append(
                    TurnPlanner.PartDigest(
                        lines: lines,
                        summary: try await ask(
                            reduceInstructions + "\n\n" + group.text, route: route, replyTokens: replyTokens)))
            }
            digests = next
        }
        return (digests, groups.count)
    }

    private func ask(_ prompt: String, route: ModelRoute, replyTokens: Int) async throws -> String {
        let text = try await summarise(prompt, route: route, replyTokens: replyTokens)
        return text.isEmpty ? "(nothing to note)" : text
    }

    /// One low-temperature request of a summary step (folding, paste digests), trimmed; the
    /// steps run outside the user's turn, hence their own generous deadline.
    func summarise(_ prompt: String, route: ModelRoute, replyTokens: Int) async throws -> String {
        let reply = try await route.endpoint.client.chat(
            ChatInput(
                model: route.model, messages: [.user(prompt)], temperature: 0.2, maxTokens: replyTokens,
                contextLength: route.setsContextLength ? route.contextLength : nil),
            deadline: .now + .seconds(300))
        return reply.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Consecutive texts packed into groups of at most `budget` tokens, with the lines they span.
    static func groups(_ items: [(text: String, first: Int, last: Int)], budget: Int) -> [(
        text: String, first: Int, last: Int
    )] {
        var groups: [(text: String, first: Int, last: Int)] = []
        var tokens = 0
        for item in items {
            let cost = TokenEstimate.of(item.text) + 2
            if let open = groups.last, tokens + cost <= budget {
                groups[groups.count - 1] = (open.text + "\n" + item.text, open.first, item.last)
                tokens += cost
            } else {
                groups.append((TokenEstimate.prefix(of: item.text, fitting: budget), item.first, item.last))
                tokens = cost
            }
        }
        return groups
    }

    private static func firstLine(_ lines: String) -> Int {
        Int(lines.split(whereSeparator: { !$0.isNumber }).first ?? "") ?? 0
    }

    private static func lastLine(_ lines: String) -> Int {
        Int(lines.split(whereSeparator: { !$0.isNumber }).last ?? "") ?? 0
    }
}
