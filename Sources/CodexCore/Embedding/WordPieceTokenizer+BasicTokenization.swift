import Foundation

/// BERT's basic tokenization, character by character, with the same rules as the Rust
/// `BertNormalizer` + `BertPreTokenizer` that sentence-transformers runs:
/// - drop NUL, U+FFFD and "other" characters (Cc, Cf, Cn, Co) except tab, LF and CR;
/// - any White_Space character separates words;
/// - CJK ideographs become words of their own;
/// - NFD, then drop non-spacing marks (accents), then lower-case each character;
/// - every punctuation character (Unicode P*, plus the ASCII symbol ranges) is a word of its own.
extension WordPieceTokenizer {
    /// Calls `body` with each word in order until it returns `false`.
    static func forEachWord(in text: String, _ body: ([Unicode.Scalar]) -> Bool) {
        let isASCII = text.utf8.allSatisfy { $0 < 0x80 }
        // NFD only matters for non-ASCII text; it is the one step that needs Foundation.
        let normalized = isASCII ? text : text.decomposedStringWithCanonicalMapping
        var word: [Unicode.Scalar] = []
        word.reserveCapacity(32)
        var stopped = false

        func flush() {
            guard !word.isEmpty, !stopped else { return }
            if !body(word) { stopped = true }
            word.removeAll(keepingCapacity: true)
        }

        for scalar in normalized.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                switch value {
                case 0x09, 0x0A, 0x0D, 0x20: flush()
                case 0..<0x20, 0x7F: continue
                case 0x41...0x5A: word.append(Unicode.Scalar(UInt8(value + 0x20)))
                default:
                    if isASCIIPunctuation(value) {
                        flush()
                        word.append(scalar)
                        flush()
                    } else {
                        word.append(scalar)
                    }
                }
            } else {
                let properties = scalar.properties
                let category = properties.generalCategory
                if value == 0xFFFD || isOther(category) || category == .nonspacingMark { continue }
                if properties.isWhitespace {
                    flush()
                } else if isCJK(value) || isPunctuation(category) {
                    flush()
                    word.append(scalar)
                    flush()
                } else if properties.changesWhenLowercased {
                    word.append(contentsOf: properties.lowercaseMapping.unicodeScalars)
                } else {
                    word.append(scalar)
                }
            }
            if stopped { return }
        }
        flush()
    }

    private static func isASCIIPunctuation(_ value: UInt32) -> Bool {
        (33...47).contains(value) || (58...64).contains(value) || (91...96).contains(value)
            || (123...126).contains(value)
    }

    private static func isOther(_ category: Unicode.GeneralCategory) -> Bool {
        switch category {
        case .control, .format, .unassigned, .privateUse, .surrogate: true
        default: false
        }
    }

    private static func isPunctuation(_ category: Unicode.GeneralCategory) -> Bool {
        switch category {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            true
        default: false
        }
    }

    /// The "CJK Unified Ideographs" blocks BERT spaces out (not Hangul, kana or CJK punctuation).
    private static func isCJK(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)
            || (0x20000...0x2A6DF).contains(value) || (0x2A700...0x2B73F).contains(value)
            || (0x2B740...0x2B81F).contains(value) || (0x2B820...0x2CEAF).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0x2F800...0x2FA1F).contains(value)
    }
}
