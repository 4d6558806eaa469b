/// Writes a streaming reply into memory as it arrives, a few times a second, so a crash or a
/// kill mid-reply keeps what was received, marked incomplete.
actor ReplyRecorder {
    private let memory: any MemoryStore
    let messageId: Int64
    private let started = ContinuousClock.now
    private var firstTokenAt: ContinuousClock.Instant?
    private var lastFlush = ContinuousClock.now
    private var flushedLength = 0
    private(set) var text = ""
    private(set) var toolCalls: [ToolCall] = []
    /// How often partial text is written; each write is one small transaction.
    private let flushInterval: Duration

    init(memory: any MemoryStore, messageId: Int64, flushInterval: Duration = .milliseconds(250)) {
        self.memory = memory
        self.messageId = messageId
        self.flushInterval = flushInterval
    }

    func append(_ piece: String) async throws {
        if firstTokenAt == nil { firstTokenAt = .now }
        text += piece
        if ContinuousClock.now - lastFlush >= flushInterval, text.count != flushedLength {
            try await memory.updateReply(messageId, with: outcome(incomplete: true, error: nil, usage: nil))
            lastFlush = .now
            flushedLength = text.count
        }
    }

    func record(_ call: ToolCall) { toolCalls.append(call) }

    /// The final write. Detached from the caller's task, so a cancelled reply (Ctrl-C, a client
    /// gone) is still saved.
    func finish(usage: TokenUsage?, incomplete: Bool, error: String?) async throws {
        let final = outcome(incomplete: incomplete, error: error, usage: usage)
        let memory = self.memory, messageId = self.messageId
        try await Task.detached { try await memory.updateReply(messageId, with: final) }.value
    }

    private func outcome(incomplete: Bool, error: String?, usage: TokenUsage?) -> ReplyOutcome {
        ReplyOutcome(
            content: text, toolCalls: toolCalls, usage: usage, incomplete: incomplete, error: error,
            firstTokenMs: firstTokenAt.map { Self.milliseconds($0 - started) },
            durationMs: Self.milliseconds(.now - started))
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.inMilliseconds)
    }
}
