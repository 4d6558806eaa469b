import CodexCore
import Foundation

/// Where the CLI writes: data to stdout, everything else to stderr.
enum Terminal {
    static func printError(_ error: CodexError) {
        writeToStandardError("error: \(error.message)\n")
        if let hint = error.hint { writeToStandardError("hint: \(hint)\n") }
    }

    static func writeToStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Whether stderr is a terminal, i.e. whether progress bars make sense.
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

extension CodexError {
    /// 2 for bad input (as ArgumentParser uses for usage errors), 1 for everything else.
    var exitCode: Int32 { kind == .invalidInput ? 2 : 1 }
}

extension Terminal {
    /// A failure that did not stop the command: `warning:` and its hint on stderr.
    static func printWarning(_ error: CodexError) {
        writeToStandardError("warning: \(error.message)\n")
        if let hint = error.hint { writeToStandardError("hint: \(hint)\n") }
    }
}
