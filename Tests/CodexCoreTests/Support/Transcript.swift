import Foundation

/// A recorded HTTP response from `Tests/Fixtures/providers/<provider>/<name>.http`, replayed by
/// `FixtureServer` byte for byte.
///
/// File format: head lines (LF), a blank line, then the body bytes exactly; `⟂` marks a read
/// boundary (the bytes on either side are written separately, with a short pause) and is not sent.
struct Transcript {
    enum Framing { case chunked, contentLength, closeDelimited }

    var headLines: [String]
    /// The body, cut at the read boundaries.
    var parts: [[UInt8]]

    static func load(_ name: String) throws -> Transcript {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/providers")
        let bytes = Array(try Data(contentsOf: root.appendingPathComponent(name + ".http")))
        guard let split = bytes.firstRange(of: Array("\n\n".utf8)) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        let head = String(decoding: bytes[..<split.lowerBound], as: UTF8.self).split(separator: "\n").map(String.init)
        let boundary = Array("⟂".utf8)
        var parts: [[UInt8]] = []
        var rest = bytes[split.upperBound...]
        while let mark = rest.firstRange(of: boundary) {
            parts.append(Array(rest[..<mark.lowerBound]))
            rest = rest[mark.upperBound...]
        }
        parts.append(Array(rest))
        return Transcript(headLines: head, parts: parts)
    }

    var body: [UInt8] { Array(parts.joined()) }
    var bodyText: String { String(decoding: body, as: UTF8.self) }

    var framing: Framing {
        let lowered = headLines.map { $0.lowercased() }
        if lowered.contains(where: { $0.hasPrefix("transfer-encoding:") && $0.contains("chunked") }) { return .chunked }
        if lowered.contains(where: { $0.hasPrefix("content-length:") }) { return .contentLength }
        return .closeDelimited
    }

    /// Adds a read boundary after the `offset`-th byte of the first occurrence of `text` (to cut a
    /// UTF-8 character, or a `\r\n`, in two).
    func splitting(_ text: String, after offset: Int) -> Transcript {
        let needle = Array(text.utf8)
        var copy = self
        for (index, part) in parts.enumerated() {
            if let range = part.firstRange(of: needle) {
                let cut = range.lowerBound + offset
                copy.parts[index] = Array(part[..<cut])
                copy.parts.insert(Array(part[cut...]), at: index + 1)
                return copy
            }
        }
        return copy
    }

    /// Every body byte in its own write: the harshest split there is.
    func splittingEveryByte() -> Transcript {
        var copy = self
        copy.parts = body.map { [$0] }
        return copy
    }

    /// Replaces the value of header `name` (used to shrink retry delays in tests).
    func settingHeader(_ name: String, to value: String) -> Transcript {
        var copy = self
        copy.headLines = headLines.map { $0.lowercased().hasPrefix(name.lowercased() + ":") ? "\(name): \(value)" : $0 }
        return copy
    }

    /// Keeps only the first `count` bytes of the body (the server "dies" there).
    func truncated(toBodyBytes count: Int) -> Transcript {
        var copy = self
        copy.parts = [Array(body.prefix(count))]
        return copy
    }

    /// The scripted reply. `complete: false` ends a chunked body without its final `0` chunk and a
    /// `Content-Length` body short, then closes: a server that died mid-reply.
    func reply(complete: Bool = true, pauseMilliseconds: Int = 1) -> FixtureServer.Reply {
        var steps: [FixtureServer.Step] = [.write(Array((headLines.joined(separator: "\r\n") + "\r\n\r\n").utf8))]
        for (index, part) in parts.enumerated() where !part.isEmpty {
            if index > 0 { steps.append(.pause(milliseconds: pauseMilliseconds)) }
            switch framing {
            case .chunked:
                steps.append(.write(Array((String(part.count, radix: 16) + "\r\n").utf8) + part + Array("\r\n".utf8)))
            case .contentLength, .closeDelimited:
                steps.append(.write(part))
            }
        }
        if complete, framing == .chunked { steps.append(.write(Array("0\r\n\r\n".utf8))) }
        return FixtureServer.Reply(steps: steps)
    }
}
