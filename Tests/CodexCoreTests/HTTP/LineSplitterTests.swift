import CodexCore
import Testing
import CodexTestSupport

struct LineSplitterTests {
    @Test(arguments: [
        ("a\nb\n", ["a", "b"]),
        ("a\r\nb\r\n", ["a", "b"]),
        ("a\rb\r", ["a", "b"]),
        ("a\n\nb\n", ["a", "", "b"]),
        ("\r\n\r\n", ["", ""]),
        ("no end", ["no end"]),
    ])
    func splitsOnEveryLineEndingWhereverTheReadsEnd(text: String, expected: [String]) throws {
        // Given the same bytes cut at every possible offset
        let bytes = Array(text.utf8)
        for cut in 0...bytes.count {
            var splitter = LineSplitter()
            // When they are pushed in two reads
            var lines = try splitter.push(bytes[0..<cut]) + splitter.push(bytes[cut...])
            if let last = splitter.finish() { lines.append(last) }
            // Then the lines are the same as for one read
            #expect(lines == expected, "cut at \(cut)")
        }
    }

    @Test func keepsMultiByteCharactersWholeWhenEveryByteArrivesAlone() throws {
        // Given text with 2- and 4-byte characters, fed one byte at a time
        let text = "Café 👋 ok\nnaïve\n"
        var splitter = LineSplitter()
        var lines: [String] = []
        for byte in text.utf8 { lines += try splitter.push([byte]) }
        // Then no replacement characters appear
        #expect(lines == ["Café 👋 ok", "naïve"])
    }

    @Test func refusesALineLongerThanTheLimit() throws {
        // Given a limit of 1 KiB and 2 KiB without a newline
        var splitter = LineSplitter(maxLineBytes: 1024)
        _ = try splitter.push([UInt8](repeating: 65, count: 1000))
        // Then the push that crosses the limit fails with a clear error
        #expect(throws: CodexError.lineTooLong(limit: 1024)) {
            _ = try splitter.push([UInt8](repeating: 65, count: 1000))
        }
    }

    @Test func refusesALongLineEvenWhenItEndsInTheSameRead() throws {
        var splitter = LineSplitter(maxLineBytes: 16)
        #expect(throws: CodexError.self) {
            _ = try splitter.push(Array((String(repeating: "x", count: 40) + "\n").utf8))
        }
    }

    @Test func passesLinesOfSeveralMegabytes() throws {
        // Given a 3 MiB line (an embeddings body) split in 1000 pieces
        let line = String(repeating: "0.125,", count: 512 * 1024)
        var splitter = LineSplitter()
        var lines: [String] = []
        for piece in Array((line + "\n").utf8).randomlySplit(into: 1000, seed: 7) { lines += try splitter.push(piece) }
        // Then it arrives whole
        #expect(lines == [line])
    }
}
