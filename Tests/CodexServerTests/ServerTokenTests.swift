import CodexCore
import Foundation
import Testing
import CodexTestSupport

@testable import CodexServer

struct ServerTokenTests {
    static let token = "0123456789abcdef-token"

    @Test func theEnvironmentGivesTheTokenWithoutWarnings() throws {
        let resolved = try ServerToken.resolve(flag: nil, file: nil, environment: ["CODEX_SERVER_TOKEN": Self.token])
        #expect(resolved == ServerToken.Resolved(token: Self.token, warnings: []))
    }

    @Test func aTokenFileGivesItsFirstLineAndWarnsWhenOthersCanReadIt() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("token", Self.token + "\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let private_ = try ServerToken.resolve(flag: nil, file: path, environment: ["CODEX_SERVER_TOKEN": "other"])
        #expect(private_ == ServerToken.Resolved(token: Self.token, warnings: []))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let shared = try ServerToken.resolve(flag: nil, file: path, environment: [:])
        #expect(shared.token == Self.token)
        #expect(shared.warnings.first?.contains("chmod 600") == true)
    }

    @Test func theFlagStillWorksButWarnsThatOthersCanSeeIt() throws {
        let resolved = try ServerToken.resolve(flag: Self.token, file: nil, environment: [:])
        #expect(resolved.token == Self.token)
        #expect(resolved.warnings.first?.contains("process list") == true)
        let short = try ServerToken.resolve(flag: nil, file: nil, environment: ["CODEX_SERVER_TOKEN": "abc"])
        #expect(short.warnings.first?.contains("shorter than") == true)
    }

    @Test func conflictingMissingOrEmptySourcesAreErrors() throws {
        let directory = try TemporaryDirectory()
        let empty = try directory.write("empty", "\n")
        #expect(throws: CodexError.self) { try ServerToken.resolve(flag: "a", file: empty, environment: [:]) }
        #expect(throws: CodexError.self) { try ServerToken.resolve(flag: nil, file: empty, environment: [:]) }
        #expect(throws: CodexError.self) {
            try ServerToken.resolve(flag: nil, file: directory.path + "/missing", environment: [:])
        }
        #expect(try ServerToken.resolve(flag: nil, file: nil, environment: [:]).token == nil)
    }
}
