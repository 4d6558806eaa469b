import Foundation
import Testing

@testable import CodexCore
@testable import CodexSQLite

struct EgressStatementTests {
    func settings(_ environment: [String: String]) throws -> Settings {
        try SettingsLoader(environment: environment, workingDirectory: "/nonexistent", codexHome: "/nonexistent").load()
    }

    @Test func withCloudOffNothingLeavesEvenWithAKeySet() throws {
        // Given an OpenAI key but no opt-in
        let statement = try EgressStatement(settings: settings(["OPENAI_API_KEY": "sk-proj-abcdefghijklmnop1234"]))

        // Then nothing leaves, and the sentence says why
        #expect(!statement.leavesMachine)
        #expect(statement.sentence.hasPrefix("nothing leaves this machine"))
        #expect(statement.sentence.contains("CODEX_ALLOW_CLOUD"))
    }

    @Test func withCloudAllowedAndAKeyPromptsMayGoToOpenAIAndTheKeyIsNotShown() throws {
        let statement = try EgressStatement(
            settings: settings(["CODEX_ALLOW_CLOUD": "1", "OPENAI_API_KEY": "sk-proj-abcdefghijklmnop1234"]))
        #expect(statement.leavesMachine)
        #expect(statement.destinations == ["api.openai.com"])
        #expect(
            statement.sentence.contains(
                "prompts may be sent to api.openai.com (when no local provider answers first) because CODEX_ALLOW_CLOUD=1 and OPENAI_API_KEY is set"))
        #expect(!statement.sentence.contains("abcdefgh"))
    }

    @Test func cloudAllowedWithoutCredentialsOrWithALocalProviderSendsNothing() throws {
        let bare = try EgressStatement(settings: settings(["CODEX_ALLOW_CLOUD": "yes"]))
        #expect(!bare.leavesMachine)
        #expect(bare.sentence.contains("no cloud provider has credentials"))
        let local = try EgressStatement(
            settings: settings(["CODEX_ALLOW_CLOUD": "1", "OPENAI_API_KEY": "sk-x-123456789", "MODEL_PROVIDER": "ollama"]))
        #expect(!local.leavesMachine)
        #expect(local.sentence.contains("MODEL_PROVIDER is ollama"))
    }

    @Test func azureDestinationIsItsEndpointHost() throws {
        let statement = try EgressStatement(
            settings: settings([
                "CODEX_ALLOW_CLOUD": "1", "MODEL_PROVIDER": "azure",
                "AZURE_OPENAI_ENDPOINT": "https://contoso.openai.azure.com", "AZURE_OPENAI_API_KEY": "0123456789abcdef",
                "AZURE_OPENAI_DEPLOYMENT": "gpt4o",
            ]))
        #expect(statement.destinations == ["contoso.openai.azure.com"])
        #expect(!statement.sentence.contains("when no local provider"))
    }

    @Test func doctorSettingRowsMaskSecretsAndSayWhereValuesCameFrom() throws {
        let rows = DoctorReport.settingRows(
            try settings(["OPENAI_API_KEY": "sk-proj-abcdefghijklmnop1234", "OLLAMA_HOST": "127.0.0.1:11434"]))
        let key = try #require(rows.first { $0.variable == "OPENAI_API_KEY" })
        #expect(key.value == "sk-…1234")
        #expect(key.origin == "environment ($OPENAI_API_KEY)")
        let host = try #require(rows.first { $0.variable == "OLLAMA_HOST" })
        #expect(host.value == "127.0.0.1:11434")
        #expect(rows.first { $0.variable == "TABBY_TOKEN" }?.value == nil)
        #expect(rows.count == SettingKey.allCases.count)
    }
}
