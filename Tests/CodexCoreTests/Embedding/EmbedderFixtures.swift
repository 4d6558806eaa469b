import Foundation
import Testing

@testable import CodexCore
@testable import CodexSQLite

/// The committed reference fixtures (scripts/make-embedder-fixtures.py) and the fetched weights.
enum EmbedderFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// `CODEX_MODEL_DIR` if set, else the repository's models/ (filled by scripts/setup.sh).
    static let modelDirectory: String = {
        if let explicit = ProcessInfo.processInfo.environment["CODEX_MODEL_DIR"], !explicit.isEmpty { return explicit }
        return repositoryRoot + "/models/all-minilm-l6-v2"
    }()

    static var weightsAvailable: Bool {
        ModelLocation.requiredFiles.allSatisfy { FileManager.default.fileExists(atPath: modelDirectory + "/" + $0) }
    }

    struct TokenizerCase: Decodable, Sendable, CustomTestStringConvertible {
        var text: String
        var ids: [Int32]
        var untruncatedCount: Int
        var testDescription: String { String(text.debugDescription.prefix(50)) }
        enum CodingKeys: String, CodingKey {
            case text, ids
            case untruncatedCount = "untruncated_count"
        }
    }

    struct Sentence: Decodable, Sendable {
        var text: String
        var vector: [Float]
    }

    private struct TokenizerFile: Decodable { var cases: [TokenizerCase] }
    private struct EmbeddingsFile: Decodable { var sentences: [Sentence] }

    static let tokenizerCases: [TokenizerCase] = load(TokenizerFile.self, "tokenizer.json")?.cases ?? []
    static let sentences: [Sentence] = load(EmbeddingsFile.self, "embeddings.json")?.sentences ?? []

    /// One embedder for all tests (loading maps the file and copies 10 MB of weights).
    static let embedder: BuiltinEmbedder? = try? BuiltinEmbedder(directory: modelDirectory)
    /// The same model with float products everywhere: the reference for the 16-bit path.
    static let float32Embedder: BuiltinEmbedder? = try? BuiltinEmbedder(directory: modelDirectory, precision: .float32)

    private static func load<T: Decodable>(_ type: T.Type, _ name: String) -> T? {
        let path = repositoryRoot + "/Tests/Fixtures/embedder/" + name
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(type, from: data)
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var dot: Float = 0, na: Float = 0, nb: Float = 0
        for i in a.indices {
            dot += a[i] * b[i]
            na += a[i] * a[i]
            nb += b[i] * b[i]
        }
        return dot / (na.squareRoot() * nb.squareRoot())
    }
}
