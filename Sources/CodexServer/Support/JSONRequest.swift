import CodexCore
import Foundation
import Hummingbird
import NIOCore

/// Reads a JSON body within the size and nesting limits, before any decoder sees it.
struct JSONRequest {
    let limits: ServerConfiguration.Limits

    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let bytes = try await body(of: request)
        return try JSONDecoder().decode(T.self, from: Data(buffer: bytes))
    }

    /// The body, read up to the limit without editing the request (streaming routes still need
    /// its connection to notice the client leaving).
    ///
    /// Only `application/json` is read: a page on another site can POST `text/plain` or a form
    /// without asking first, but not JSON, so the content type is what keeps such a page from
    /// starting a chat or an ingest here.
    func body(of request: Request) async throws -> ByteBuffer {
        guard Self.isJSON(request.headers[.contentType]) else {
            throw ServerError.notJSON(request.headers[.contentType])
        }
        let bytes = try await request.collectBody(upTo: limits.maxBodyBytes)
        guard Self.depth(of: bytes.readableBytesView) <= limits.maxJSONDepth else {
            throw ServerError.tooDeep(limit: limits.maxJSONDepth)
        }
        return bytes
    }

    /// `application/json`, with or without parameters such as `charset`.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }

    /// The deepest nesting of `[` and `{` outside strings; a cheap scan that bounds decoder recursion.
    static func depth(of bytes: some Sequence<UInt8>) -> Int {
        var depth = 0, deepest = 0, inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }
}
