/// The MCP revisions codex speaks, and the choice made during `initialize`.
///
/// codex offers the newest handshake revision; a server that speaks an older one answers with
/// it, and codex goes on in that one if it knows it (the only difference codex sees is that
/// `structuredContent` and `resource_link` results appear from 2025-06-18 on). Anything else is
/// refused, as the specification asks, rather than half understood.
///
/// The 2026-07-28 revision drops this handshake: a client asks `server/discover` first and
/// sends its protocol version and capabilities in every request's `_meta`; `ping` and
/// server-initiated requests are gone (a result with `resultType: "input_required"` asks for
/// more instead), and `tools/list` results say how long they may be cached (`ttlMs`). Servers
/// keep answering `initialize` with 2025-11-25, so supporting it means: probe `server/discover`
/// with a short timeout, fall back to this handshake on "method not found", add `_meta` to
/// each request, and cache the tool list for `ttlMs`. Processes, timeouts and restarts stay.
public enum MCPProtocol {
    /// Newest first; the first is what codex offers.
    public static let supported = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]
    public static var latest: String { supported[0] }

    /// The revision to go on with, given what the server answered; nil when codex cannot speak it.
    public static func agreed(serverAnswer: String?) -> String? {
        guard let serverAnswer, supported.contains(serverAnswer) else { return nil }
        return serverAnswer
    }
}
