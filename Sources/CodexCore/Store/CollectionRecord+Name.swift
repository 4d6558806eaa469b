import Foundation

extension CollectionRecord {
    /// Longest name of a new collection, in characters.
    public static let maxNameLength = 64

    /// Checks the name of a new collection: 1 to 64 letters, digits, `.`, `_`, `-` or inner spaces,
    /// starting with a letter or a digit.
    ///
    /// Why this rule exists: a name becomes a folder (the server keeps uploads under
    /// `uploads/<collection>/`) and appears in commands and citations. With `/` allowed, `x/private`
    /// and `private` would share a folder and overwrite each other's uploads; with `..` a name
    /// could point outside it. Names already in a store keep working: only new ones are checked.
    public static func validate(name: String) throws(CodexError) {
        let allowedPunctuation: Set<Character> = [".", "_", "-", " "]
        guard let first = name.first, first.isLetter || first.isNumber, name.count <= maxNameLength,
            name.last != " ", name.allSatisfy({ $0.isLetter || $0.isNumber || allowedPunctuation.contains($0) })
        else { throw CodexError.invalidCollectionName(name) }
    }
}
