import Foundation

extension URL {
    /// A URL written in the source code, such as a provider's default address.
    /// - Important: only for literals; a malformed one is a programming error caught by the first test run.
    public static func literal(_ text: StaticString) -> URL {
        guard let url = URL(string: "\(text)") else { preconditionFailure("malformed URL literal \(text)") }
        return url
    }
}
