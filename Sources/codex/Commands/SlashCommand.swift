import Foundation

/// A line typed in `codex chat` that starts with `/`.
enum SlashCommand: Equatable {
    case new
    case sessions
    case model(String?)
    case docs(String?)
    case export(String?)
    case help
    case quit
    case unknown(String)

    /// Nil when `line` is a message rather than a command.
    init?(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("/") else { return nil }
        let parts = trimmed.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
        switch parts.first?.lowercased() ?? "" {
        case "new": self = .new
        case "sessions": self = .sessions
        case "model": self = .model(argument)
        case "docs": self = .docs(argument)
        case "export": self = .export(argument)
        case "help", "?": self = .help
        case "quit", "exit", "q": self = .quit
        default: self = .unknown(trimmed)
        }
    }

    static let helpText = """
        /new              start a new session
        /sessions         list recent sessions
        /model [NAME]     show the models, or answer with NAME from now on
        /docs [NAME|off]  answer with passages from collection NAME, or stop
        /export [FILE]    write this session to FILE as a JSON bundle
        /help             this list
        /quit             leave (also Ctrl-D, or Ctrl-C at the prompt)
        Ctrl-C while a reply streams stops that reply; the part received is kept.
        """
}
