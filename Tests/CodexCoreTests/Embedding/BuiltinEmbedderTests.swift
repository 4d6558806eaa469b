import CVectorKernels
import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

struct BuiltinEmbedderTests {
    private static let weights = EmbedderFixtures.weightsAvailable

    @Test func referenceVectorsAreLoaded() {
        #expect(EmbedderFixtures.sentences.count >= 50)
    }

    @Test(.enabled(if: weights))
    func matchesSentenceTransformersForEverySentence() async throws {
        // Given the reference vectors made with PyTorch + sentence-transformers
        let embedder = try #require(EmbedderFixtures.embedder)
        let sentences = EmbedderFixtures.sentences
        // When the same sentences are embedded in one call
        let vectors = try await embedder.embed(sentences.map(\.text), purpose: .document)
        // Then each is a unit vector pointing where the reference points
        #expect(embedder.identity == EmbedderIdentity(name: "builtin:all-minilm-l6-v2", dimension: 384))
        for (sentence, vector) in zip(sentences, vectors) {
            #expect(vector.count == 384)
            let cosine = EmbedderFixtures.cosine(sentence.vector, vector)
            #expect(cosine >= 0.999, "\(sentence.text.prefix(40).debugDescription): cosine \(cosine)")
            #expect(abs(EmbedderFixtures.cosine(vector, vector) - 1) < 1e-4)
        }
    }

    @Test(.enabled(if: weights))
    func sentencesEmbeddedOneAtATimeMatchTheReference() async throws {
        // Given the reference sentences, most short enough for the few-token kernels of a query
        let embedder = try #require(EmbedderFixtures.embedder)
        #expect(EmbedderFixtures.sentences.filter { embedder.tokenizer.encode($0.text).count <= 16 }.count >= 10)
        for sentence in EmbedderFixtures.sentences {
            // When each is embedded alone, as a search query is
            let vector = try #require(try await embedder.embed([sentence.text], purpose: .query).first)
            // Then it still points where the reference points
            let cosine = EmbedderFixtures.cosine(sentence.vector, vector)
            #expect(cosine >= 0.999, "\(sentence.text.prefix(40).debugDescription): cosine \(cosine)")
        }
    }

    @Test(.enabled(if: weights))
    func relatedSentencesAreCloseAsInTheReference() async throws {
        let embedder = try #require(EmbedderFixtures.embedder)
        let vectors = try await embedder.embed(
            ["A man is eating food.", "A man is eating a piece of bread.", "A monkey is playing drums."],
            purpose: .query)
        let related = zip(vectors[0], vectors[1]).reduce(0) { $0 + $1.0 * $1.1 }
        let unrelated = zip(vectors[0], vectors[2]).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(related - 0.755) < 0.005)
        #expect(unrelated < related - 0.3)
    }

    @Test(.enabled(if: weights))
    func batchingGivesTheSameVectorsAsOneByOne() async throws {
        // Given texts of very different lengths, in an order that bucketing will change, and
        // float products everywhere (the 16-bit path of large batches is tested below)
        var embedder = try #require(EmbedderFixtures.float32Embedder)
        embedder.batchSize = 4
        let texts = Array(EmbedderFixtures.sentences.map(\.text).prefix(12)) + [EmbedderFixtures.sentences[60].text]
        // When embedded together (sorted, bucketed, concatenated) and one at a time
        let together = try await embedder.embed(texts.reversed(), purpose: .document).reversed()
        var alone: [[Float]] = []
        for text in texts { alone += try await embedder.embed([text], purpose: .document) }
        // Then every text gets the same vector, in its own place
        for (a, b) in zip(together, alone) {
            #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-5 })
        }
    }

    @Test(.enabled(if: weights && cvk_qlinear_supported() != 0))
    func sixteenBitProductsKeepChunkVectorsWhereFloatsPutThem() async throws {
        // Given chunk-sized texts (about 250 tokens each), enough of them for the 16-bit path
        let embedder = try #require(EmbedderFixtures.embedder)
        let reference = try #require(EmbedderFixtures.float32Embedder)
        let sentences = EmbedderFixtures.sentences.map(\.text)
        let chunks = (0..<8).map { start in
            (0..<40).map { sentences[(start * 7 + $0) % sentences.count] }.joined(separator: " ")
        }
        #expect(chunks.allSatisfy { embedder.tokenizer.encode($0).count == 256 })
        // When embedded with 16-bit products and with floats
        let fast = try await embedder.embed(chunks, purpose: .document)
        let exact = try await reference.embed(chunks, purpose: .document)
        // Then the 16-bit path was taken, and every vector points where the float one does
        #expect(embedder.usesSixteenBitProducts)
        #expect(!reference.usesSixteenBitProducts)
        for (a, b) in zip(fast, exact) {
            let cosine = EmbedderFixtures.cosine(a, b)
            #expect(cosine >= 0.998, "cosine \(cosine)")
            #expect(cosine < 0.999_999, "the two paths gave identical vectors: was the 16-bit path used?")
        }
    }

    @Test(.enabled(if: weights))
    func chunkBatchesAfterQueriesStillMatchTheReference() async throws {
        // Given a new embedder that has already embedded two queries, so its float matrices were
        // copied into huge pages (the order a server sees: questions first, then an ingest)
        let embedder = try BuiltinEmbedder(directory: EmbedderFixtures.modelDirectory)
        for question in ["How do I rotate the signing key?", "What is the capital of France?"] {
            _ = try await embedder.embed([question], purpose: .query)
        }
        // When every reference sentence is embedded in one large batch (the 16-bit path)
        let sentences = EmbedderFixtures.sentences
        let vectors = try await embedder.embed(sentences.map(\.text), purpose: .document)
        // Then each vector still points where the reference points
        for (sentence, vector) in zip(sentences, vectors) {
            let cosine = EmbedderFixtures.cosine(sentence.vector, vector)
            #expect(cosine >= 0.998, "\(sentence.text.prefix(40).debugDescription): cosine \(cosine)")
        }
    }

    @Test func bucketsSortByLengthAndRespectBothLimits() {
        // Given lengths in arbitrary order
        let batches = BuiltinEmbedder.batches(lengths: [5, 200, 7, 150, 9, 300], batchSize: 2, maxTokens: 400)
        // Then batches go longest first, never exceed 2 texts or 400 tokens, and cover every index once
        #expect(batches == [[5], [1, 3], [4, 2], [0]])
    }

    @Test(.enabled(if: weights))
    func cancelledCallStopsBeforeEncoding() async throws {
        let embedder = try #require(EmbedderFixtures.embedder)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await embedder.embed(["never embedded"], purpose: .document)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func missingWeightsPointToTheSetupScript() throws {
        // Given CODEX_MODEL_DIR naming an empty directory
        let directory = try TemporaryDirectory()
        // When the model is looked for, then the error's hint is the setup command
        let error = try #require(throws: CodexError.self) {
            try ModelLocation.resolve(environment: ["CODEX_MODEL_DIR": directory.path], executablePath: nil)
        }
        #expect(error.kind == .model)
        #expect(error.hint == "run scripts/setup.sh to fetch the built-in embedder's weights")
        #expect(throws: CodexError.self) { try BuiltinEmbedder(directory: directory.path) }
    }

    @Test func modelIsFoundUnderCodexHome() throws {
        // Given weights placed under $CODEX_HOME/models/all-minilm-l6-v2
        let home = try TemporaryDirectory()
        try home.write("models/all-minilm-l6-v2/model.safetensors", "x")
        try home.write("models/all-minilm-l6-v2/vocab.txt", "x")
        // Then they are found there when CODEX_MODEL_DIR is not set
        let found = try ModelLocation.resolve(environment: ["CODEX_HOME": home.path], executablePath: nil)
        #expect(found == home.path + "/models/all-minilm-l6-v2")
    }

    @Test func modelIsFoundBesideTheBuildDirectory() {
        // Given the executable .build/release/codex, then the repository's models/ is a candidate
        let candidates = ModelLocation.candidates(
            environment: ["CODEX_HOME": "/h"], executablePath: "/repo/.build/release/codex")
        #expect(candidates.contains("/repo/models/all-minilm-l6-v2"))
        #expect(candidates.first == "/h/models/all-minilm-l6-v2")
    }

    @Test(.enabled(if: weights))
    func truncatedWeightsGiveAModelError() throws {
        // Given a real vocabulary beside a model.safetensors cut to its first megabyte
        let directory = try TemporaryDirectory()
        let source = EmbedderFixtures.modelDirectory
        try FileManager.default.copyItem(atPath: source + "/vocab.txt", toPath: directory.path + "/vocab.txt")
        let handle = try #require(FileHandle(forReadingAtPath: source + "/model.safetensors"))
        try directory.write("model.safetensors", handle.readData(ofLength: 1 << 20))
        // When the embedder loads, then it refuses with a model error whose hint is to re-fetch
        let error = try #require(throws: CodexError.self) { try BuiltinEmbedder(directory: directory.path) }
        #expect(error.kind == .model)
        #expect(error.message.contains("model.safetensors"))
        #expect(error.hint?.contains("scripts/setup.sh") == true)
    }
}

struct BuiltinEmbedderLoadingTests {
    @Test func sizeDifferentFromTheManifestIsReportedBeforeParsing() throws {
        // Given weights whose size differs from what the manifest recorded
        let directory = try TemporaryDirectory()
        try directory.write("model.safetensors", "short")
        try directory.write("vocab.txt", "[CLS]\n")
        try directory.write(
            "manifest.json", #"{"files": [{"path": "model.safetensors", "sha256": "00", "size": 90868376}]}"#)
        // When the embedder loads, then the error names the file and both sizes
        let error = try #require(throws: CodexError.self) { try BuiltinEmbedder(directory: directory.path) }
        #expect(error.kind == .model)
        #expect(error.message.contains("model.safetensors") && error.message.contains("90868376"))
    }

    @Test(.enabled(if: EmbedderFixtures.weightsAvailable))
    func outOfVocabularyIdsAreRejected() async throws {
        let embedder = try #require(EmbedderFixtures.embedder)
        await #expect(throws: CodexError.self) { try await embedder.embed(tokenIDs: [[101, 40_000, 102]]) }
        await #expect(throws: CodexError.self) { try await embedder.embed(tokenIDs: [[]]) }
    }
}
