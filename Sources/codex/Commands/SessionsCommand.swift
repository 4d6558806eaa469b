import ArgumentParser
import CodexCore
import Foundation

extension Codex {
    struct Sessions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, show, rename and remove chat sessions.",
            subcommands: [List.self, Show.self, Rename.self, Remove.self], defaultSubcommand: List.self)
    }
}

extension Codex.Sessions {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List sessions, most recent first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "At most this many sessions.") var limit = 50

        func run() async throws {
            let sessions = try await global.openStore().memory.sessions(limit: limit, offset: 0)
            if global.json { return try Output.json(sessions) }
            Output.text(SessionsText.list(sessions))
        }
    }

    /// A session with its messages, as `show --json` prints it.
    struct Transcript: Encodable {
        var session: Session
        var messages: [SessionMessage]
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a session's messages with their sources.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The session (id or unique prefix).") var session: String

        func run() async throws {
            let memory = try global.openStore().memory
            let found = try await memory.session(session)
            let messages = try await memory.messages(in: found.id, after: 0, limit: nil)
            if global.json { return try Output.json(Transcript(session: found, messages: messages)) }
            Output.text(SessionsText.transcript(found, messages))
        }
    }

    struct Rename: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a session a title.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The session (id or unique prefix).") var session: String
        @Argument(help: "The new title.") var title: String

        func run() async throws {
            let memory = try global.openStore().memory
            let renamed = try await memory.renameSession(try await memory.session(session).id, to: title)
            if global.json { return try Output.json(renamed) }
            Output.text("Renamed \(renamed.id.lowercasedString.prefix(8)) to \"\(renamed.title ?? "")\".")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Delete a session and its messages.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The session (id or unique prefix).") var session: String

        func run() async throws {
            let memory = try global.openStore().memory
            let found = try await memory.session(session)
            try await memory.deleteSession(found.id)
            if global.json { return try Output.json(found) }
            Output.text("Removed session \(found.id.lowercasedString.prefix(8)) (\(found.title ?? "untitled")).")
        }
    }
}
