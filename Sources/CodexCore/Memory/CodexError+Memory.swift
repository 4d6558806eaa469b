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

extension CodexError {
    /// An import asked to replace a session that another user of the server owns.
    package static func sessionOfAnotherUser(_ id: String) -> CodexError {
        CodexError(
            kind: .invalidInput, message: "the session \(id) in the bundle exists here and is not yours to replace",
            hint: "import it as a new session (on_clash=as-new), or skip it (on_clash=skip)")
    }
}
