import Foundation
import Testing

@testable import CodexCore
@testable import CodexSQLite

/// Session ids are written one way everywhere: lowercase, as the store keeps them and the CLI and
/// the server print them (`JSONEncoder` writes a `UUID` in capitals unless told otherwise).
struct LowercaseIdTests {
    let id = UUID(uuidString: "0A1B2C3D-4E5F-4A6B-8C7D-8E9FA0B1C2D3")!

    @Test func aSessionAndAReplyEncodeTheirSessionIdInLowercase() throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let session = String(decoding: try encoder.encode(Session(id: id)), as: UTF8.self)
        let reply = String(
            decoding: try encoder.encode(AssistantReply(sessionId: id, answer: "a", citations: [], mode: .generated)),
            as: UTF8.self)
        #expect(session.contains(#""id":"0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3""#))
        #expect(reply.contains(#""session_id":"0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3""#))
        // and both still decode
        #expect(try JSONDecoder().decode(Session.self, from: try JSONEncoder().encode(Session(id: id))).id == id)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode(AssistantReply.self, from: Data(reply.utf8)).sessionId == id)
    }
}
