import Foundation

extension Session {
    /// The title a session takes from its first question: the first line, shortened.
    package static func title(fromFirstQuestion text: String) -> String? {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init)?
            .trimmingCharacters(in: .whitespaces) ?? ""
        guard !line.isEmpty else { return nil }
        return line.count > 60 ? String(line.prefix(57)) + "…" : line
    }
}

extension String {
    /// nil for the empty string: a title of only spaces is no title, in every store.
    package var nilIfEmpty: String? { isEmpty ? nil : self }
}
