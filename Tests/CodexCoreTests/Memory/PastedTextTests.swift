import Foundation
import Testing

@testable import CodexCore
@testable import CodexSQLite

/// Synthetic pasted logs: numbered lines, one of which says something distinctive.
enum PasteSamples {
    /// `lines` log lines; line `needleLine` (1-based) is `needle`.
    static func log(lines: Int, needleLine: Int? = nil, needle: String = "") -> String {
        (1...lines).map { i in
            i == needleLine
                ? needle
                : "2026-11-02T12:\(String(format: "%02d", i % 60)):07Z host-\(i % 7) kernel: EXT4-fs warning (device sda\(i % 3)): disk usage \(80 + i % 19)% inode=\(i * 991)"
        }.joined(separator: "\n")
    }
}

struct PastedTextTests {
    @Test func aQuestionAfterTheLogIsFoundAndTheLogIsCutIntoNumberedParts() {
        // Given a log followed by a blank line and a question
        let message = PasteSamples.log(lines: 300) + "\n\nWhy is the disk on host 3 filling up?"
        // When it is read as a paste
        let paste = PastedText(message, partTokens: 200)
        // Then the question is found, and the parts cover lines 1-300 in order, none too large
        #expect(paste.question == "Why is the disk on host 3 filling up?")
        #expect(paste.lineCount == 302)
        #expect(paste.parts.first?.startLine == 1)
        #expect(paste.parts.last?.endLine == 300)
        for (previous, next) in zip(paste.parts, paste.parts.dropFirst()) {
            #expect(next.startLine == previous.endLine + 1)
        }
        #expect(paste.parts.allSatisfy { $0.tokens <= 200 })
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
        let part = paste.parts[3]
        #expect(part.text == lines[(part.startLine - 1)..<part.endLine].joined(separator: "\n"))
    }

    @Test func aRequestBeforeTheTextIsTheQuestion() {
        let paste = PastedText("Summarise this log:\n" + PasteSamples.log(lines: 50))
        #expect(paste.question == "Summarise this log:")
        #expect(paste.parts.first?.startLine == 2)
    }

    @Test func aPasteAloneHasNoQuestion() {
        let paste = PastedText(PasteSamples.log(lines: 120))
        #expect(!paste.hasQuestion)
        #expect(paste.parts.last?.endLine == 120)
    }

    @Test func aVeryLongLineIsCutIntoPiecesThatKeepItsNumber() {
        let json = "[" + (0..<2000).map { #"{"id":\#($0)}"# }.joined(separator: ",") + "]"
        let paste = PastedText("first line\n" + json, partTokens: 100)
        let pieces = paste.parts.filter { $0.startLine == 2 }
        #expect(pieces.count > 10)
        #expect(pieces.allSatisfy { $0.endLine == 2 && $0.tokens <= 140 })
        #expect(pieces.map(\.text).joined() == json)
    }

    @Test func partsMatchingTheQuestionAndNamedLinesComeFirst() {
        let message = PasteSamples.log(
            lines: 400, needleLine: 333, needle: "FATAL: backup job nightly-7 failed: quota exceeded on vault-2")
        let index = PasteIndex([(seq: 5, paste: PastedText(message, partTokens: 120))])
        let hits = index.search("why did the backup job fail?")
        #expect(hits.first.map { (333...333).overlaps($0.entry.part.startLine...$0.entry.part.endLine) } == true)
        let named = index.search("what happens at line 17?")
        #expect(named.first.map { (17...17).overlaps($0.entry.part.startLine...$0.entry.part.endLine) } == true)
        #expect(index.search("nothing here matches zebra").isEmpty)
    }
}
