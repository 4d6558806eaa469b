/// Strips HTML to its text while keeping every line where it was, so citations point into the file.
///
/// Tags, comments, `<script>`, `<style>`, `<noscript>`, `<template>` and `<svg>` contents are
/// removed, but the newlines inside them are kept; entities are decoded; runs of blanks collapse
/// to one space. `<h1>`…`<h6>` become headings for the chunker.
struct HTMLTextExtractor {
    func extract(_ input: [UInt8]) -> ExtractedText {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var headings: [Int: HeadingMark] = [:]
        input.withUnsafeBufferPointer { bytes in
            var state = State()
            let end = bytes.count
            var i = 0
            while i < end {
                let byte = bytes[i]
                if byte == 0x3C {  // <
                    i = tag(bytes, at: i, end: end, out: &out, state: &state, headings: &headings)
                } else if byte == 0x26 {  // &
                    let before = out.count
                    i = MarkupEntities.decode(bytes, at: i, end: end, into: &out)
                    state.captureHeading(out[before...])
                } else if byte == 0x0A {
                    while out.last == 0x20 { out.removeLast() }
                    out.append(0x0A)
                    state.line += 1
                    // Preformatted lines keep four spaces of indentation: quoted, they read as code.
                    if state.preformatted > 0 { out.append(contentsOf: [0x20, 0x20, 0x20, 0x20]) }
                    i += 1
                } else if state.preformatted > 0 && (byte == 0x20 || byte == 0x09) {
                    out.append(byte)
                    i += 1
                } else if byte == 0x20 || byte == 0x09 || byte == 0x0D {
                    if let last = out.last, last != 0x20 && last != 0x0A { out.append(0x20) }
                    state.captureHeading([0x20])
                    i += 1
                } else {
                    out.append(byte)
                    state.captureHeading(CollectionOfOne(byte))
                    i += 1
                }
            }
        }
        return ExtractedText(kind: .html, bytes: out, headings: headings)
    }

    private struct State {
        var line = 0
        var heading: (level: Int, line: Int, title: [UInt8])?
        /// Open lists, innermost last: the last item number of an `<ol>`, or nil for a `<ul>`.
        var lists: [Int?] = []
        /// Depth of open `<pre>` elements.
        var preformatted = 0

        mutating func captureHeading<C: Collection>(_ bytes: C) where C.Element == UInt8 {
            if heading != nil { heading?.title.append(contentsOf: bytes) }
        }
    }

    /// Handles the markup starting at `start` (`<`) and returns the index after it.
    private func tag(
        _ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, out: inout [UInt8], state: inout State,
        headings: inout [Int: HeadingMark]
    ) -> Int {
        if matches(bytes, start, end, "<!--") {
            let close = find(bytes, "-->", from: start + 4, end: end) ?? end
            return skip(bytes, start..<min(close + 3, end), out: &out, state: &state)
        }
        var nameEnd = start + 1
        let closing = nameEnd < end && bytes[nameEnd] == 0x2F
        if closing { nameEnd += 1 }
        let nameStart = nameEnd
        while nameEnd < end && (isAlphanumeric(bytes[nameEnd])) { nameEnd += 1 }
        if nameEnd == nameStart && !(nameEnd < end && (bytes[nameEnd] == 0x21 || bytes[nameEnd] == 0x3F)) {
            out.append(0x3C)  // a lone "<" in text
            return start + 1
        }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd]), as: UTF8.self)
            .lowercased()
        let tagEnd = (find(bytes, ">", from: nameEnd, end: end) ?? (end - 1)) + 1
        var next = skip(bytes, start..<tagEnd, out: &out, state: &state)
        if !closing, Self.droppedElements.contains(name) {
            let close = findClosingTag(bytes, name, from: tagEnd, end: end) ?? end
            next = skip(bytes, tagEnd..<close, out: &out, state: &state)
        }
        if name.count == 2, name.first == "h", let level = Int(name.dropFirst()), (1...6).contains(level) {
            if !closing {
                state.heading = (level, state.line, [])
            } else if let open = state.heading {
                let title = String(decoding: open.title, as: UTF8.self).split(whereSeparator: \.isWhitespace)
                    .joined(separator: " ")
                if !title.isEmpty { headings[open.line] = HeadingMark(level: open.level, title: title) }
                state.heading = nil
            }
        }
        switch (name, closing) {
        case ("ol", false): state.lists.append(0)
        case ("ul", false): state.lists.append(nil)
        case ("ol", true), ("ul", true): _ = state.lists.popLast()
        case ("pre", false):
            state.preformatted += 1
            if out.isEmpty || out.last == 0x0A { out.append(contentsOf: [0x20, 0x20, 0x20, 0x20]) }
            return next
        case ("pre", true): state.preformatted = max(0, state.preformatted - 1)
        case ("li", false):
            // List items keep a marker, so a quoted procedure reads as one: "1. …", "- …".
            while out.last == 0x20 { out.removeLast() }
            if let last = out.last, last != 0x0A { out.append(0x20) }
            if let number = state.lists.last ?? nil {
                state.lists[state.lists.count - 1] = number + 1
                out.append(contentsOf: Array("\(number + 1). ".utf8))
            } else {
                out.append(contentsOf: [0x2D, 0x20])
            }
            return next
        default: break
        }
        if state.preformatted > 0 { return next }
        if !Self.inlineElements.contains(name), let last = out.last, last != 0x20 && last != 0x0A { out.append(0x20) }
        return next
    }

    /// Drops `range` but keeps its newlines.
    private func skip(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, out: inout [UInt8], state: inout State)
        -> Int
    {
        for i in range where bytes[i] == 0x0A {
            while out.last == 0x20 { out.removeLast() }
            out.append(0x0A)
            state.line += 1
        }
        return range.upperBound
    }

    private func findClosingTag(_ bytes: UnsafeBufferPointer<UInt8>, _ name: String, from: Int, end: Int) -> Int? {
        let pattern = Array(("</" + name).utf8)
        var i = from
        while i + pattern.count <= end {
            if bytes[i] == 0x3C && bytes[i + 1] == 0x2F {
                var same = true
                for k in 2..<pattern.count where (bytes[i + k] | 0x20) != pattern[k] {
                    same = false
                    break
                }
                if same { return (find(bytes, ">", from: i, end: end) ?? (end - 1)) + 1 }
            }
            i += 1
        }
        return nil
    }

    private func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ end: Int, _ text: String) -> Bool {
        let pattern = Array(text.utf8)
        guard at + pattern.count <= end else { return false }
        for k in 0..<pattern.count where bytes[at + k] != pattern[k] { return false }
        return true
    }

    private func find(_ bytes: UnsafeBufferPointer<UInt8>, _ text: String, from: Int, end: Int) -> Int? {
        var i = from
        while i < end {
            if matches(bytes, i, end, text) { return i }
            i += 1
        }
        return nil
    }

    private func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte &- 0x30) < 10 || ((byte | 0x20) &- 0x61) < 26
    }

    private static let droppedElements: Set<String> = ["script", "style", "noscript", "template", "svg"]
    private static let inlineElements: Set<String> = [
        "a", "b", "i", "em", "strong", "span", "code", "small", "sub", "sup", "u", "s", "mark", "abbr", "kbd",
        "var", "q", "cite", "dfn", "time", "tt", "samp", "bdi", "bdo", "wbr", "del", "ins",
    ]
}
