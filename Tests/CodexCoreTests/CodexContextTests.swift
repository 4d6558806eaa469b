import CodexSQLite
import Foundation
import Logging
import Testing

@testable import CodexCore

/// The composition root every caller builds the same way: what it makes once and when it makes
/// a collection's search again.
struct CodexContextTests {
    static let logger = Logger(label: "test.context")

    func ingestedContext(_ dir: TemporaryDirectory, settings: Settings = Settings()) async throws -> CodexContext {
        _ = try dir.write("docs/rotation.md", "# Key rotation\n\nRotate the signing key every 90 days.\n")
        let store = try SQLiteStore.open(at: dir.path + "/codex.sqlite")
        _ = try await IngestRunner(store: store).run([dir.path + "/docs"], options: IngestOptions())
        return CodexContext(settings: settings, store: store, logger: Self.logger)
    }

    @Test func aCollectionEmbeddedAfterItsSearchWasMadeGetsAQuestionEmbedder() async throws {
        // Given a context whose default collection was searched before it had vectors
        let dir = try TemporaryDirectory()
        let context = try await ingestedContext(dir)
        #expect(try context.questions(collection: nil).retriever.embedder == nil)

        // When an ingest flow with the built-in embedder gives the chunks their vectors
        var report: EmbeddingReport?
        for try await event in IngestFlow(context: context, embedder: .builtin).run(
            [dir.path + "/docs"], options: IngestOptions())
        {
            if case .embedded(let final) = event { report = final }
        }

        // Then the next search embeds questions, as a new process's would
        #expect((report?.embedded ?? 0) >= 1)
        #expect(try context.questions(collection: nil).retriever.embedder != nil)
        let passages = try await context.questions(collection: nil).passages(
            for: "how often is the key changed", scope: SearchScope(), top: 1, mode: .semantic)
        #expect(passages.first?.path.hasSuffix("rotation.md") == true)
    }

    @Test func aGivenGatewayIsUsedAndProviderSettingsAreReadOnlyWhenAsked() async throws {
        // Provider settings that cannot be read
        let dir = try TemporaryDirectory()
        let broken = Settings(values: [.allowCloud: "maybe"])
        let context = try await ingestedContext(dir, settings: broken)
        #expect(throws: CodexError.self) { try context.gateway() }
        // but a command that never asks a model gets its search and store regardless
        #expect(try context.questions(collection: nil).retriever.embedder == nil)

        // and a context given its gateway (a server's, a test's) never reads them
        let given = CodexContext(
            settings: broken, store: context.store, logger: Self.logger,
            gateway: Gateway(endpoints: [], logger: Self.logger))
        #expect(try given.assistant().gateway.endpoints.isEmpty)
    }
}
