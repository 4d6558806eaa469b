import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

struct SettingsLoaderTests {
    @Test func eachLayerWinsOverTheOnesBelowIt() throws {
        // Given the same settings at every layer
        let home = try TemporaryDirectory()
        let work = try TemporaryDirectory()
        try home.write(
            "config.toml",
            """
            provider = "tabbyml"   # lowest layer
            allow_cloud = true
            [ollama]
            host = "http://127.0.0.1:1111"
            model = "from-file"
            [tabby]
            url = "http://127.0.0.1:9999"
            """)
        try home.write(".env", "OLLAMA_MODEL=from-home-dotenv\nOLLAMA_HOST=127.0.0.1:2222\n")
        try work.write(".env", "export OLLAMA_HOST=\"http://127.0.0.1:3333\" # local server\n")
        let loader = SettingsLoader(
            environment: ["MODEL_PROVIDER": "ollama"], workingDirectory: work.path, codexHome: home.path)

        // When loading with a flag on top
        let settings = try loader.load(flags: [.model: "from-flag"])

        // Then each value comes from the highest layer that sets it, and says so
        #expect(settings[.model] == "from-flag")
        #expect(settings.origins[.model] == .flag)
        #expect(try settings.provider() == .ollama)
        #expect(settings.origins[.provider] == .environment("MODEL_PROVIDER"))
        #expect(settings[.ollamaHost] == "http://127.0.0.1:3333")
        #expect(settings.origins[.ollamaHost] == .dotEnv(path: work.path + "/.env"))
        #expect(settings[.ollamaModel] == "from-home-dotenv")
        #expect(settings[.tabbyURL] == "http://127.0.0.1:9999")
        #expect(settings.origins[.tabbyURL] == .file(path: home.path + "/config.toml"))
        #expect(try settings.allowsCloud())
        #expect(settings[.azureAPIVersion] == "2024-10-21")
        #expect(settings.origins[.azureAPIVersion] == .builtIn)
    }

    @Test func malformedFilesNameTheFileAndLine() throws {
        let home = try TemporaryDirectory()
        try home.write("config.toml", "provider = \"ollama\"\nmodels = [\"a\", \"b\"]\n")
        let loader = SettingsLoader(environment: [:], workingDirectory: home.path + "/none", codexHome: home.path)
        let error = try #require(throws: CodexError.self) { try loader.load() }
        #expect(error.message.hasPrefix(home.path + "/config.toml:2:"))

        try home.write("config.toml", "[ollama]\nhots = \"x\"\n")
        let unknown = try #require(throws: CodexError.self) { try loader.load() }
        #expect(unknown.message.contains("ollama.hots"))

        try FileManager.default.removeItem(atPath: home.path + "/config.toml")
        try home.write(".env", "OK=1\nthis is not an assignment\n")
        let dotEnv = try #require(throws: CodexError.self) { try loader.load() }
        #expect(dotEnv.message == home.path + "/.env:2: expected KEY=VALUE")
    }

    @Test func secretsAreMaskedAndBadValuesExplainThemselves() throws {
        let settings = try SettingsLoader(
            environment: ["OPENAI_API_KEY": "sk-test-1234567890abcd", "MODEL_PROVIDER": "gpt", "OLLAMA_HOST": "ftp://x"],
            workingDirectory: "/nonexistent", codexHome: "/nonexistent"
        ).load()
        #expect(settings.displayValue(.openAIAPIKey) == "sk-…abcd")
        #expect(settings.displayValue(.openAIAPIKey)?.contains("1234567890") == false)
        #expect(throws: CodexError.self) { try settings.provider() }
        #expect(throws: CodexError.self) { try settings.url(.ollamaHost) }
    }

    @Test func ollamaHostWithoutSchemeIsAccepted() throws {
        let settings = Settings(values: [.ollamaHost: "127.0.0.1:11434"])
        #expect(try settings.url(.ollamaHost)?.absoluteString == "http://127.0.0.1:11434")
    }
}

struct DotEnvParserTests {
    @Test func quotingRules() throws {
        let values = try DotEnvParser.parse(
            "A=plain # comment\nB='single # kept'\nC=\"line\\nbreak\"\n\n# skipped\nexport D = spaced\r\n", path: ".env")
        #expect(values == ["A": "plain", "B": "single # kept", "C": "line\nbreak", "D": "spaced"])
    }
}
