/// A text or code completion request: complete `prompt`, optionally filling in before `suffix` (FIM).
public struct CompletionInput: Sendable, Hashable {
    public var model: String
    /// Text before the cursor.
    public var prompt: String
    /// Text after the cursor, for fill-in-the-middle models.
    public var suffix: String?
    /// Editor language id ("python", "swift"); TabbyML uses it to pick its prompt template.
    public var language: String?
    /// Path of the file being edited, relative to the project root (TabbyML repository context).
    public var filePath: String?
    public var maxTokens: Int?
    public var temperature: Double?

    public init(
        model: String, prompt: String, suffix: String? = nil, language: String? = nil, filePath: String? = nil,
        maxTokens: Int? = nil, temperature: Double? = nil
    ) {
        self.model = model
        self.prompt = prompt
        self.suffix = suffix
        self.language = language
        self.filePath = filePath
        self.maxTokens = maxTokens
        self.temperature = temperature
    }
}

/// A completion: the text to insert at the cursor (it does not repeat the prompt).
public struct Completion: Sendable, Hashable {
    public var text: String
    /// The provider's id for the completion (TabbyML wants it back in telemetry events).
    public var id: String?
    public var finishReason: String?

    public init(text: String, id: String? = nil, finishReason: String? = nil) {
        self.text = text
        self.id = id
        self.finishReason = finishReason
    }
}
