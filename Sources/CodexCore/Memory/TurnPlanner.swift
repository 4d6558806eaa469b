/// Plans one chat turn against the model's window so that no message, however long, makes the
/// request fail, and nothing the user said is silently lost.
///
/// - A new message that fits is sent whole (older turns make room by being folded).
/// - One that does not is a paste (`PastedText`): with a question, the parts most relevant to it
///   are sent, with their line numbers; without one, it is first read part by part (`needsDigest`,
///   the caller's map step) and the model is asked to summarise the parts' summaries.
/// - Earlier pastes travel as a one-line stub, and their parts relevant to the new message are
///   quoted in the system prompt.
/// - The running summary goes with its pinned facts (`RunningSummary`).
///
/// Pure: the caller reads the session, makes the model calls, and plans again with their results.
public struct TurnPlanner: Sendable {
    public var assembler: ContextAssembler

    public init(assembler: ContextAssembler) {
        self.assembler = assembler
    }

    /// A user message above this is handled as a paste once it is history.
    public var pasteThreshold: Int { max(160, assembler.promptBudget / 4) }
    /// Parts of pastes are cut to this size: small enough that several fit a small window.
    public var partTokens: Int { max(64, min(400, assembler.promptBudget / 6)) }

    public struct Input: Sendable {
        public var system: String
        public var summary: RunningSummary
        public var summarizedThrough: Int
        /// The whole session, oldest first, the new message included.
        public var messages: [SessionMessage]
        public var newMessage: SessionMessage
        /// This turn's tool calls and results so far.
        public var followUps: [ChatMessage]
        /// What each part of the new paste says, once it was read part by part.
        public var digest: [PartDigest]?
        /// How many requests read the new paste (the digest may have been combined since).
        public var digestReads = 0
        /// How notices name the session (an id prefix).
        public var sessionLabel: String

        public init(
            system: String, summary: RunningSummary, summarizedThrough: Int, messages: [SessionMessage],
            newMessage: SessionMessage, followUps: [ChatMessage] = [], digest: [PartDigest]? = nil,
            sessionLabel: String
        ) {
            self.system = system
            self.summary = summary
            self.summarizedThrough = summarizedThrough
            self.messages = messages
            self.newMessage = newMessage
            self.followUps = followUps
            self.digest = digest
            self.sessionLabel = sessionLabel
        }
    }

    /// What a model said about some lines of a paste (the map step's output).
    public struct PartDigest: Sendable, Equatable {
        public var lines: String
        public var summary: String

        public init(lines: String, summary: String) {
            self.lines = lines
            self.summary = summary
        }
    }

    public struct Outcome: Sendable {
        public var plan: ContextAssembler.Plan
        /// For the user: what was sent of a long message, what was quoted from earlier pastes.
        public var notices: [String]
        /// The new message is a paste without a question, not read part by part yet.
        public var needsDigest: PastedText?
    }

    /// Room for the new message: the prompt budget less the system prompt, summary and follow-ups.
    public func room(for input: Input) -> Int {
        let summary = input.summary.fitted(to: assembler.promptBudget / 3).promptText
        let fixed: Int = TokenEstimate.of(input.system) + TokenEstimate.of(summary) + 3 * TokenEstimate.perMessage
        let followUps: Int = input.followUps.reduce(0) { $0 + TokenEstimate.of($1) }
        return assembler.promptBudget - fixed - followUps
    }

    public func plan(_ input: Input, historyShare: Double = 1) -> Outcome {
        let budget = assembler.promptBudget
        let summary = input.summary.fitted(to: budget / 3).promptText
        var notices: [String] = []
        var system = input.system

        // The new message: whole when it fits, else its question with the parts that answer it.
        let newText = input.newMessage.content
        var newMessage = input.newMessage.chatMessage
        var question = newText
        let room = self.room(for: input)
        if TokenEstimate.of(newText) > room {
            let paste = PastedText(newText, partTokens: partTokens)
            question = paste.question
            if paste.hasQuestion {
                let excerptBudget = max(partTokens, (room - TokenEstimate.of(paste.question) - 80) * 3 / 4)
                let index = PasteIndex([(input.newMessage.seq, paste)])
                let (chosen, fallback) = choose(
                    index.search(paste.question).map(\.entry), all: index.entries, budget: excerptBudget)
                newMessage.content = Self.questionWithExcerpts(paste, chosen)
                notices.append(
                    Self.excerptNotice(
                        paste, chosen, fallback: fallback, window: assembler.contextLength,
                        session: input.sessionLabel))
            } else if let digest = input.digest {
                newMessage.content = Self.digestRequest(paste, digest, budget: room)
                notices.append(
                    "your message (\(paste.lineCount) lines, about \(paste.estimatedTokens) tokens) is longer than the "
                        + "model's window (\(assembler.contextLength) tokens) and asks no question: it was read in "
                        + "\(max(input.digestReads, digest.count)) parts and summarised; all of it is kept in session \(input.sessionLabel) "
                        + "(`codex sessions show \(input.sessionLabel)`), and a question about it gets the relevant lines"
                )
            } else {
                return Outcome(
                    plan: assembler.plan(
                        system: system, summary: summary, summarizedThrough: input.summarizedThrough, history: [],
                        newMessages: [.user(paste.question)]),
                    notices: [], needsDigest: paste)
            }
        }

        // Earlier pastes: stubs in the history, their relevant parts quoted.
        var earlier: [(seq: Int, paste: PastedText)] = []
        var history: [SessionMessage] = []
        for message in input.messages where message.seq < input.newMessage.seq {
            if message.role == .assistant && message.content.isEmpty && message.toolCalls.isEmpty { continue }
            guard message.role == .user, TokenEstimate.of(message.content) > pasteThreshold else {
                if message.seq > input.summarizedThrough { history.append(message) }
                continue
            }
            let paste = PastedText(message.content, partTokens: partTokens)
            earlier.append((message.seq, paste))
            if message.seq > input.summarizedThrough {
                var stub = message
                stub.content = Self.stub(paste, seq: message.seq)
                history.append(stub)
            }
        }
        if !earlier.isEmpty, !question.isEmpty {
            let index = PasteIndex(earlier)
            let quoteBudget = min(budget / 4, max(0, room - TokenEstimate.of(newMessage.content)) / 2)
            let (chosen, _) = choose(index.search(question).map(\.entry), all: [], budget: quoteBudget)
            if !chosen.isEmpty {
                system += "\n\n" + Self.earlierExcerpts(chosen)
                let where_ = Dictionary(grouping: chosen, by: \.seq).keys.sorted().map { "message \($0)" }
                notices.append(
                    "quoted \(chosen.count) part\(chosen.count == 1 ? "" : "s") of text pasted earlier "
                        + "(\(where_.joined(separator: ", "))) that match\(chosen.count == 1 ? "es" : "") your message")
            }
        }
        let plan = assembler.plan(
            system: system, summary: summary, summarizedThrough: input.summarizedThrough, history: history,
            newMessages: [newMessage] + input.followUps, historyShare: historyShare)
        return Outcome(plan: plan, notices: notices, needsDigest: nil)
    }

    /// The facts to pin from messages being folded: the user's own sentences (a paste's question only).
    public func facts(folding folded: [SessionMessage], from messages: [SessionMessage]) -> [String] {
        let originals = Dictionary(messages.map { ($0.seq, $0) }, uniquingKeysWith: { first, _ in first })
        return folded.filter { $0.role == .user }.flatMap { stubbed -> [String] in
            let text = originals[stubbed.seq]?.content ?? stubbed.content
            let statement = TokenEstimate.of(text) > pasteThreshold ? PastedText(text).question : text
            return FactExtractor.facts(in: statement)
        }
    }

    /// Parts in order of relevance until `budget` is used, each with the parts just before and
    /// after it when there is room (the lines leading to an error explain it), returned in message
    /// and line order. With nothing relevant, the first and last parts of `all` (a log's start
    /// and its end, where errors usually are); `fallback` says so.
    func choose(_ ranked: [PasteIndex.Entry], all: [PasteIndex.Entry], budget: Int) -> (
        [PasteIndex.Entry], fallback: Bool
    ) {
        var chosen: [PasteIndex.Entry] = []
        var used = 0
        @discardableResult
        func take(_ entry: PasteIndex.Entry) -> Bool {
            let cost = entry.part.tokens + 12
            guard used + cost <= budget, !chosen.contains(entry) else { return false }
            chosen.append(entry)
            used += cost
            return true
        }
        for entry in ranked { take(entry) }
        let hits = chosen
        for hit in hits {
            guard let position = all.firstIndex(of: hit) else { continue }
            if position > 0 { take(all[position - 1]) }
            if position + 1 < all.count { take(all[position + 1]) }
        }
        var fallback = false
        if chosen.isEmpty, !all.isEmpty {
            fallback = true
            var front = 0
            var back = all.count - 1
            while front <= back {
                guard take(all[front]) else { break }
                front += 1
                if front <= back { guard take(all[back]) else { break } }
                back -= 1
            }
        }
        return (chosen.sorted { ($0.seq, $0.part.startLine) < ($1.seq, $1.part.startLine) }, fallback)
    }
}
