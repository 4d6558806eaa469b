import Foundation
import GRDB
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// A message's fields are declared once (`MessageBody`); these tests make sure each one also
/// survives every place a message is kept: the `message` row, a bundle of either kind, and `--json`.
struct MessageBodyRoundTripTests {
    static let session = UUID(uuidString: "11111111-2222-3333-4444-555555555555")!

    /// Every field differs from its default, so losing any of them on the way shows.
    static let body = MessageBody(
        role: .assistant, content: "Rotate the key [1] ünïcödé ✓",
        toolCalls: [ToolCall(id: "call_1", name: "search_docs", arguments: #"{"query":"rotate"}"#)],
        toolCallId: "call_0", toolName: "search_docs", model: "llama3.2", provider: "ollama", promptTokens: 120,
        completionTokens: 30, citations: [Citation(path: "/docs/security.md", startLine: 5, endLine: 8)],
        mode: .generated, incomplete: true, error: "connection lost",
        createdAt: Date(timeIntervalSince1970: 1_700_000_000.125), firstTokenMs: 180, durationMs: 900)

    @Test func theFixtureSetsEveryField() {
        // Given the body the round trips use, When its fields are listed
        let unset = Mirror(reflecting: Self.body).children.filter { !Self.isSet($0.value) }.map { $0.label ?? "?" }

        // Then none is left at its default (a new field must be set above, or its loss goes unseen)
        #expect(unset.isEmpty, "set these in MessageBodyRoundTripTests.body: \(unset)")
    }

    @Test func theStoreRowKeepsEveryField() async throws {
        // Given a store holding the message as a row
        let dir = try TemporaryDirectory()
        let database = try Self.store(in: dir)

        // When it is read back through the memory store
        let messages = try await SQLiteMemoryStore(database: database).messages(in: Self.session)

        // Then the body is the one written, whole
        #expect(messages.map(\.body) == [Self.body])
        #expect(messages.first?.seq == 1 && messages.first?.sessionId == Self.session)
    }

    @Test(arguments: BundleFormat.allCases)
    func aBundleKeepsEveryField(format: BundleFormat) async throws {
        // Given a store holding the message
        let dir = try TemporaryDirectory()
        let source = try Self.store(in: dir)
        let bundle = dir.url.appendingPathComponent("bundle.\(format.rawValue)")

        // When it is exported and imported into a fresh store
        _ = try BundleWriter(store: source.store).export(BundleSelection(), format: format, to: bundle)
        let target = try CodexDatabase.open(at: dir.path + "/target.sqlite")
        _ = try BundleImporter(store: target.store).importBundle(at: bundle)

        // Then the imported body is the one written, whole
        let messages = try await SQLiteMemoryStore(database: target).messages(in: Self.session)
        #expect(messages.map(\.body) == [Self.body])
    }

    @Test func theJSONOutputKeepsEveryField() throws {
        // Given the message as `sessions show --json` and the server write it
        let message = SessionMessage(id: 7, sessionId: Self.session, seq: 3, body: Self.body)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase

        // When it is read back
        let data = try encoder.encode(message)

        // Then it is the same message, with its session id in lower case
        #expect(try decoder.decode(SessionMessage.self, from: data) == message)
        #expect(String(decoding: data, as: UTF8.self).contains(#""session_id":"11111111-2222-3333-4444-555555555555""#))
    }

    @Test func aBundleLineIsTheFormatV1Line() throws {
        // Given a message with every field and one with none of the optional ones
        let full = BundleMessage(sessionId: Self.session.lowercasedString, seq: 2, body: Self.body)
        let bare = BundleMessage(
            sessionId: Self.session.lowercasedString, seq: 1,
            body: MessageBody(role: .user, content: "hi", createdAt: Date(timeIntervalSince1970: 1_700_000_000)))

        // When each is written as a line of messages.jsonl
        let line = { (message: BundleMessage) in String(decoding: try BundleJSON.encoder().encode(message), as: UTF8.self) }

        // Then the bytes are bundle format v1's: sorted snake_case keys, nil fields and empty lists left out
        #expect(
            try line(full)
                == #"{"citations":[{"end_line":8,"path":"/docs/security.md","start_line":5}],"completion_tokens":30,"#
                + #""content":"Rotate the key [1] ünïcödé ✓","created_at":"2023-11-14T22:13:20.125Z","#
                + #""duration_ms":900,"error":"connection lost","first_token_ms":180,"incomplete":true,"#
                + #""mode":"generated","model":"llama3.2","prompt_tokens":120,"provider":"ollama","role":"assistant","#
                + #""seq":2,"session_id":"11111111-2222-3333-4444-555555555555","#
                + #""tool_call_id":"call_0","tool_calls":[{"arguments":"{\"query\":\"rotate\"}","id":"call_1","#
                + #""name":"search_docs"}],"tool_name":"search_docs"}"#)
        #expect(
            try line(bare)
                == #"{"content":"hi","created_at":"2023-11-14T22:13:20.000Z","incomplete":false,"role":"user","#
                + #""seq":1,"session_id":"11111111-2222-3333-4444-555555555555"}"#)
    }

    @Test func aLineWrittenBeforeModeWasRecordedStillReads() throws {
        // Given a v1 line without `mode`, with lists written empty and null
        let line = #"{"citations":null,"content":"hi","created_at":"2023-11-14T22:13:20.000Z","incomplete":false,"#
            + #""role":"user","seq":1,"session_id":"11111111-2222-3333-4444-555555555555","tool_calls":[]}"#

        // When it is read
        let message = try BundleJSON.decoder().decode(BundleMessage.self, from: Data(line.utf8))

        // Then the missing and empty fields are empty, as the store keeps them
        #expect(
            message
                == BundleMessage(
                    sessionId: Self.session.lowercasedString, seq: 1,
                    body: MessageBody(role: .user, content: "hi", createdAt: Date(timeIntervalSince1970: 1_700_000_000))))
    }

    // MARK: - Fixture

    /// A new store file with one session holding `body` as message 1.
    private static func store(in dir: TemporaryDirectory) throws -> CodexDatabase {
        let database = try CodexDatabase.open(at: dir.path + "/source.sqlite")
        try database.writeSync { db in
            try Session(id: session, title: "Key rotation").insert(db)
            var record = MessageRecord(session: session, seq: 1, body: body)
            try record.insert(db)
        }
        return database
    }

    /// False for nil, false, zero, and empty text or lists: what a field is when nobody set it.
    private static func isSet(_ value: Any) -> Bool {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional { return mirror.children.first.map { isSet($0.value) } ?? false }
        switch value {
        case let flag as Bool: return flag
        case let number as Int: return number != 0
        case let text as String: return !text.isEmpty
        case let list as [Any]: return !list.isEmpty
        default: return true
        }
    }
}
