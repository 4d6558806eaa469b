/// One server-sent event.
public struct SSEEvent: Sendable, Hashable {
    /// The `event:` field, or `"error"` for llama.cpp's non-standard `error:` line; nil for plain data.
    public var event: String?
    /// The `data:` lines of the event joined with `\n`.
    public var data: String
    public var id: String?

    public init(event: String? = nil, data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }

    /// `data: [DONE]`, the OpenAI end-of-stream marker.
    public var isDone: Bool { data.hasPrefix("[DONE]") }
    public var isError: Bool { event == "error" }
}

/// Parses `text/event-stream` bytes per the SSE rules, as openai-python does.
///
/// Comments (`:` lines, keep-alives) are dropped; `data:` loses one optional leading space; several
/// `data:` lines in one event join with `\n`; a blank line dispatches the event. llama.cpp writes
/// mid-stream errors as an `error: {…}` field, which becomes an event named `error`.
public struct SSEDecoder: Sendable {
    private var lines: LineSplitter
    private var dataLines: [String] = []
    private var eventName: String?
    private var eventID: String?

    public init(maxLineBytes: Int = 32 << 20) {
        lines = LineSplitter(maxLineBytes: maxLineBytes)
    }

    /// The events completed by `bytes`.
    public mutating func push(_ bytes: some Collection<UInt8>) throws(CodexError) -> [SSEEvent] {
        var events: [SSEEvent] = []
        for line in try lines.push(bytes) {
            if let event = take(line) { events.append(event) }
        }
        return events
    }

    /// At end of stream: an event whose closing blank line never came is still delivered, since
    /// servers that end by closing the connection (TabbyML) sometimes omit it.
    public mutating func finish() -> [SSEEvent] {
        var events: [SSEEvent] = []
        if let line = lines.finish(), let event = take(line) { events.append(event) }
        if let event = dispatch() { events.append(event) }
        return events
    }

    private mutating func take(_ line: String) -> SSEEvent? {
        if line.isEmpty { return dispatch() }
        if line.hasPrefix(":") { return nil }
        let field: Substring
        var value: Substring
        if let colon = line.firstIndex(of: ":") {
            field = line[..<colon]
            value = line[line.index(after: colon)...]
            if value.hasPrefix(" ") { value = value.dropFirst() }
        } else {
            field = line[...]
            value = ""
        }
        switch field {
        case "data": dataLines.append(String(value))
        case "event": eventName = String(value)
        case "id": eventID = String(value)
        case "error":
            eventName = "error"
            dataLines.append(String(value))
        default: break  // `retry:` and unknown fields are ignored, as the spec says
        }
        return nil
    }

    private mutating func dispatch() -> SSEEvent? {
        defer {
            dataLines = []
            eventName = nil
        }
        guard !dataLines.isEmpty else { return nil }
        return SSEEvent(event: eventName, data: dataLines.joined(separator: "\n"), id: eventID)
    }
}
