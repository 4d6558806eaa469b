import ArgumentParser
import Foundation
import Testing

@testable import codex

/// Every command's --help against its recorded text in Snapshots/help/, so a changed flag or help
/// line shows up in review. RECORD_SNAPSHOTS=1 rewrites them (and fails the run so they are read).
struct HelpSnapshotTests {
    /// Every command, subcommands included, as the words a user types ("sessions show").
    static let commands: [[String]] = {
        func walk(_ command: any ParsableCommand.Type, path: [String]) -> [[String]] {
            let configuration = command.configuration
            let name = configuration.commandName ?? command._commandName
            let here = path + [name]
            return [here] + configuration.subcommands.flatMap { walk($0, path: here) }
        }
        return walk(Codex.self, path: []).map { Array($0.dropFirst()) }
    }()

    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots/help")

    @Test func everyCommandIsCovered() {
        #expect(Self.commands.count >= 20, "found \(Self.commands.map { $0.joined(separator: " ") })")
        #expect(Self.commands.contains(["sessions", "show"]))
        #expect(Self.commands.contains(["models", "import"]))
    }

    @Test(arguments: commands)
    func helpMatchesTheSnapshot(words: [String]) throws {
        let help = try helpText(words)
        let file = Self.snapshots.appendingPathComponent((["codex"] + words).joined(separator: "-") + ".txt")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: Self.snapshots, withIntermediateDirectories: true)
            try help.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("recorded \(file.lastPathComponent); run again without RECORD_SNAPSHOTS")
            return
        }
        let recorded = try #require(
            try? String(contentsOf: file, encoding: .utf8), "no snapshot for `codex \(words.joined(separator: " "))`")
        #expect(help == recorded)
    }

    /// The help a user sees for `codex WORDS --help`, at 100 columns whatever the terminal.
    private func helpText(_ words: [String]) throws -> String {
        var command: any ParsableCommand.Type = Codex.self
        for word in words {
            command = try #require(
                command.configuration.subcommands.first { ($0.configuration.commandName ?? $0._commandName) == word })
        }
        return Codex.helpMessage(for: command, columns: 100) + "\n"
    }
}
