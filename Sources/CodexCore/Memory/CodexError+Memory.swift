extension CodexError {
    public static func sessionNotFound(_ reference: String) -> CodexError {
        CodexError(
            kind: .notFound, message: "no session matches \"\(reference)\"",
            hint: "list sessions with codex sessions list")
    }

    package static func ambiguousSession(_ reference: String) -> CodexError {
        CodexError(
            kind: .invalidInput, message: "several sessions start with \"\(reference)\"",
            hint: "type more characters of the session id (codex sessions list shows them)")
    }
}
