import CodexCore
import Foundation
import Testing

struct EgressPolicyTests {
    @Test(arguments: [
        "http://127.0.0.1:11434/api/chat", "http://localhost:8080/v1/health", "http://[::1]:1234/v1/models",
        "http://127.8.9.10/", "https://LOCALHOST/", "http://[::ffff:127.0.0.1]:80/",
    ])
    func allowsLoopbackEvenWithCloudOff(url: String) throws {
        let policy = EgressPolicy(allowCloud: false)
        try policy.check(URL(string: url)!, for: .local("ollama"))
        try policy.check(URL(string: url)!, for: .cloud("openai"))
    }

    @Test(arguments: [
        "http://192.168.1.20:11434/", "http://10.0.0.1/", "http://example.com/", "http://127.0.0.1.example.com/",
        "http://[2001:db8::1]/", "http://0.0.0.0:11434/", "http://localhost.example.com/",
    ])
    func refusesOtherHostsForLocalProvidersWhateverTheCloudSetting(url: String) {
        for allowCloud in [false, true] {
            #expect(throws: CodexError.self) {
                try EgressPolicy(allowCloud: allowCloud).check(URL(string: url)!, for: .local("ollama"))
            }
        }
    }

    @Test func refusesTheCloudUntilAllowedAndSaysHow() throws {
        // Given an OpenAI URL
        let url = URL(string: "https://api.openai.com/v1/chat/completions")!
        // When cloud use is off, then the error names the host and the switch
        do {
            try EgressPolicy(allowCloud: false).check(url, for: .cloud("openai"))
            Issue.record("expected a refusal")
        } catch {
            #expect(error.kind == .egress)
            #expect(error.message.contains("api.openai.com"))
            #expect(error.hint?.contains("CODEX_ALLOW_CLOUD=1") == true)
        }
        // When allowed, it passes
        try EgressPolicy(allowCloud: true).check(url, for: .cloud("openai"))
    }

    @Test func refusesSchemesOtherThanHTTP() {
        #expect(throws: CodexError.self) {
            try EgressPolicy(allowCloud: true).check(URL(string: "file:///etc/passwd")!, for: .cloud("openai"))
        }
    }

    @Test(arguments: [("1", true), ("true", true), ("yes", true), ("0", false), ("", false), ("no", false)])
    func readsCodexAllowCloud(value: String, allowed: Bool) {
        #expect(EgressPolicy.fromEnvironment(["CODEX_ALLOW_CLOUD": value]).allowCloud == allowed)
        #expect(EgressPolicy.fromEnvironment([:]).allowCloud == false)
    }
}
