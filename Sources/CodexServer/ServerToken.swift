import CodexCore
import Foundation

/// Where `codex serve`'s bearer token comes from: `--token-file`, `$CODEX_SERVER_TOKEN`, or (kept
/// for scripts, with a warning) `--token`, which every user of the machine can read in the
/// process list (`/proc/PID/cmdline`).
public enum ServerToken {
    public static let environmentVariable = "CODEX_SERVER_TOKEN"
    /// Shorter tokens get a warning: they are guessable by anyone who can reach the port.
    static let recommendedLength = 16

    public struct Resolved: Sendable, Equatable {
        public var token: String?
        /// Said on stderr when the server starts.
        public var warnings: [String]
    }

    /// The token from the flag, else the file, else the environment (flags first, as everywhere).
    public static func resolve(flag: String?, file: String?, environment: [String: String]) throws -> Resolved {
        if flag != nil, file != nil {
            throw CodexError.invalidInput("both --token and --token-file are given", hint: "give the token one way")
        }
        var warnings: [String] = []
        let token: String?
        if let flag {
            token = flag
            warnings.append(
                "--token is visible to every user of this machine in the process list; "
                    + "prefer \(environmentVariable) or --token-file")
        } else if let file {
            token = try read(file, warnings: &warnings)
        } else {
            token = environment[environmentVariable]
        }
        guard let token, !token.isEmpty else { return Resolved(token: nil, warnings: warnings) }
        if token.count < recommendedLength {
            warnings.append("the token is shorter than \(recommendedLength) characters; a longer random one is safer")
        }
        return Resolved(token: token, warnings: warnings)
    }

    /// The file's first line; a file others can read is used but reported.
    static func read(_ path: String, warnings: inout [String]) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CodexError.invalidInput(
                "cannot read the token file \(path)", hint: "check the path and its permissions")
        }
        let token =
            String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !token.isEmpty else {
            throw CodexError.invalidInput("the token file \(path) is empty", hint: "write the token on its first line")
        }
        if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int,
            mode & 0o077 != 0
        {
            warnings.append("the token file \(path) can be read by other users; run chmod 600 \(path)")
        }
        return token
    }
}
