import Foundation

/// Stops a reply that loops: small local models sometimes repeat a sentence or a block of
/// code until the token budget runs out ("cache_views" fifty times over).
///
/// It trips when the text ends with the same stretch (20 to 400 characters) three times in a
/// row, or when one line of 8 characters or more has appeared 4 times among the last 16 lines.
struct RepetitionGuard {
    private(set) var text = ""
    private var checkedAt = 0
    /// Where the repeated stretch first started; the reply is cut there.
    private(set) var cut: String.Index?

    /// Adds `piece`; false once the reply repeats itself.
    mutating func admit(_ piece: String) -> Bool {
        text += piece
        guard text.count - checkedAt >= 24 else { return true }
        checkedAt = text.count
        return !repeats()
    }

    /// The reply up to the end of the first copy of what repeated.
    var kept: String {
        guard let cut else { return text }
        return String(text[..<cut])
    }

    private mutating func repeats() -> Bool {
        let characters = Array(text.utf8)
        let count = characters.count
        var length = 20
        while length <= min(400, count / 3) {
            let a = count - length, b = a - length, c = b - length
            if characters[a..<count].elementsEqual(characters[b..<a]) && characters[b..<a].elementsEqual(characters[c..<b]) {
                cut = text.utf8.index(text.startIndex, offsetBy: b)
                return true
            }
            length += 1
        }
        let lines = text.split(separator: "\n").suffix(16).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.count >= 8 }
        var seen: [String: Int] = [:]
        for line in lines {
            seen[line, default: 0] += 1
            if seen[line] == 4, let range = text.range(of: line) {
                cut = range.upperBound
                return true
            }
        }
        return false
    }
}
