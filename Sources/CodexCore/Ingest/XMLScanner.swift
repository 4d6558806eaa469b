/// A minimal, forgiving XML tokenizer for the text of office documents and EPUB chapters.
///
/// It reports start/end tags (with their raw attributes) and decoded character data; it does
/// not validate, resolve namespaces or expand DTDs (so it cannot be made to expand entities).
struct XMLScanner {
    enum Event {
        /// `name` as written (`w:p`), attributes unparsed; `selfClosing` for `<x/>`.
        case start(name: String, attributes: ArraySlice<UInt8>, selfClosing: Bool)
        case end(name: String)
        case text([UInt8])
    }

    static func scan(_ input: [UInt8], _ handle: (Event) -> Void) {
        input.withUnsafeBufferPointer { bytes in
            let end = bytes.count
            var i = 0
            var text: [UInt8] = []
            func flushText() {
                if !text.isEmpty { handle(.text(text)) }
                text.removeAll(keepingCapacity: true)
            }
            while i < end {
                let byte = bytes[i]
                if byte == 0x26 {
                    i = MarkupEntities.decode(bytes, at: i, end: end, into: &text)
                    continue
                }
                guard byte == 0x3C else {
                    text.append(byte)
                    i += 1
                    continue
                }
                if hasPrefix(bytes, i, "<![CDATA[") {
                    let close = find(bytes, "]]>", from: i + 9) ?? end
                    text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(i + 9)..<close]))
                    i = min(close + 3, end)
                    continue
                }
                flushText()
                if hasPrefix(bytes, i, "<!--") {
                    i = min((find(bytes, "-->", from: i + 4) ?? end) + 3, end)
                    continue
                }
                if i + 1 < end && (bytes[i + 1] == 0x3F || bytes[i + 1] == 0x21) {  // <? ... ?> and <!DOCTYPE>
                    i = min((find(bytes, ">", from: i) ?? end) + 1, end)
                    continue
                }
                let close = find(bytes, ">", from: i) ?? end
                let isEnd = i + 1 < end && bytes[i + 1] == 0x2F
                var nameStart = i + (isEnd ? 2 : 1)
                while nameStart < close && bytes[nameStart] == 0x20 { nameStart += 1 }
                var nameEnd = nameStart
                while nameEnd < close && !isSpaceOrSlash(bytes[nameEnd]) { nameEnd += 1 }
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd]), as: UTF8.self)
                if isEnd {
                    handle(.end(name: name))
                } else {
                    let selfClosing = close > i && bytes[close - 1] == 0x2F
                    let attributes = ArraySlice(UnsafeBufferPointer(rebasing: bytes[nameEnd..<(selfClosing ? close - 1 : close)]))
                    handle(.start(name: name, attributes: attributes, selfClosing: selfClosing))
                    if selfClosing { handle(.end(name: name)) }
                }
                i = min(close + 1, end)
            }
            flushText()
        }
    }

    /// The value of attribute `name` (`w:val`, `href`) in raw attributes, entity-decoded.
    static func attribute(_ name: String, in attributes: ArraySlice<UInt8>) -> String? {
        let raw = String(decoding: attributes, as: UTF8.self)
        var search = raw[...]
        while let range = search.range(of: name) {
            let before = range.lowerBound == raw.startIndex ? " " : raw[raw.index(before: range.lowerBound)]
            var rest = raw[range.upperBound...].drop(while: { $0 == " " })
            if before.isWhitespace, rest.first == "=" {
                rest = rest.dropFirst().drop(while: { $0 == " " })
                guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
                let value = rest.dropFirst().prefix(while: { $0 != quote })
                var decoded: [UInt8] = []
                XMLScanner.scan(Array(value.utf8)) { if case .text(let t) = $0 { decoded.append(contentsOf: t) } }
                return String(decoding: decoded, as: UTF8.self)
            }
            search = raw[range.upperBound...]
        }
        return nil
    }

    /// The local part of a qualified name: `w:p` → `p`.
    static func localName(_ name: String) -> Substring {
        name.split(separator: ":").last ?? Substring(name)
    }

    private static func isSpaceOrSlash(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x2F
    }

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard at + count <= bytes.count else { return false }
        return text.withUTF8Buffer { pattern in
            for k in 0..<count where bytes[at + k] != pattern[k] { return false }
            return true
        }
    }

    private static func find(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString, from: Int) -> Int? {
        var i = from
        while i < bytes.count {
            if hasPrefix(bytes, i, text) { return i }
            i += 1
        }
        return nil
    }
}
