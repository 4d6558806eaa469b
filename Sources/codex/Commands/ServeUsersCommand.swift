import ArgumentParser
import CodexCore
import Foundation

extension Codex.Serve {
    struct Users: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the people of a shared server: each has a token and sees only their own sessions.",
            discussion: """
                Once a store has users, codex serve (started after) asks every request but /health and the web \
                UI's files for one user's token ("Authorization: Bearer TOKEN"), and each user reaches only their \
                own sessions. Tokens are shown once and kept only as their SHA-256.
                """,
            subcommands: [Add.self, List.self, Remove.self], defaultSubcommand: List.self)
    }
}

extension Codex.Serve.Users {
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user and print their token (shown once).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user's name (letters, digits, '.', '_', '-').") var name: String

        func run() async throws {
            let (user, token) = try await TeamUsers(store: try global.openStore()).add(name: name)
            if global.json { return try Output.json(["name": user.name, "token": token]) }
            Output.text(token)
            if !global.quiet {
                Terminal.writeToStandardError(
                    "Added \(user.name). Give them this token; it is not shown again. Restart codex serve if it runs "
                        + "without users yet.\n")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users (never their tokens).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let users = try await TeamUsers(store: try global.openStore()).list()
            if global.json { return try Output.json(users) }
            guard !users.isEmpty else {
                return Output.text("No users: codex serve is single-user. Add one with: codex serve users add NAME")
            }
            Output.text(Table.render([["USER", "ADDED"]] + users.map { [$0.name, $0.createdAt.formatted(.iso8601)] }))
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm", abstract: "Remove a user; their token stops working, their sessions stay (owned by nobody).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user's name.") var name: String

        func run() async throws {
            let user = try await TeamUsers(store: try global.openStore()).remove(name: name)
            if global.json { return try Output.json(user) }
            Output.text("Removed \(user.name).")
        }
    }
}
