import CodexCore
import Foundation

/// Asks on the terminal before the model runs a shell command.
///
/// Reads the answer from /dev/tty, not stdin: `codex chat -m -` has consumed stdin, and a piped
/// chat must not be able to answer for the user. Without a terminal the answer is no.
enum ShellConfirmation {
    @Sendable static func ask(_ call: ToolCall) async -> Bool {
        guard let tty = FileHandle(forUpdatingAtPath: "/dev/tty") else { return false }
        defer { try? tty.close() }
        tty.write(Data("\nThe model wants to run \(call.name) \(call.arguments)\nRun it? [y/N] ".utf8))
        var answer: [UInt8] = []
        while let byte = try? tty.read(upToCount: 1), let first = byte.first, first != 0x0A {
            answer.append(first)
        }
        let text = String(decoding: answer, as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased()
        return text == "y" || text == "yes"
    }
}
