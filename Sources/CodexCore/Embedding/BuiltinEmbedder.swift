import CVectorKernels
import Dispatch
import Foundation

/// all-MiniLM-L6-v2 running in-process: the embedder that works with no model server at all.
///
/// Texts are tokenized, sorted by length and cut into batches of similar length (at most
/// `batchSize` texts and `maxBatchTokens` tokens each), so a batch's scratch memory is bounded and
/// its attention scratch fits its longest member; each batch is encoded without padding
/// (`BertEncoder`). Vectors come back in the callers' order, 384 floats of unit length, matching
/// sentence-transformers to cosine ≥ 0.999.
///
/// ```swift
/// let embedder = try BuiltinEmbedder()                 // finds models/all-minilm-l6-v2
/// let vectors = try await embedder.embed(["how do I rotate the key?"], purpose: .query)
/// ```
///
/// Where the maths runs: on one private serial dispatch queue shared by all instances, never on
/// Swift's cooperative pool. A batch of 32 × 256 tokens keeps both cores busy for over a second;
/// blocking cooperative threads that long would starve other tasks (HTTP streaming, the server) on
/// a 2-core machine. Serial, because one batch already uses every core (`BertEncoder` splits it
/// over `threads` dispatch workers): two batches at once would only thrash. Cancellation is
/// checked between batches, so a cancelled ingest stops within one batch (≈ 1.5 s at most) and
/// throws `CancellationError`.
public struct BuiltinEmbedder: Embedder {
    public let identity: EmbedderIdentity
    public let tokenizer: WordPieceTokenizer
    /// Most texts encoded together.
    public var batchSize: Int
    /// Most tokens encoded together; bounds scratch memory (≈ 10 KB per token) whatever the texts.
    public var maxBatchTokens: Int
    private let encoder: BertEncoder

    private static let queue = DispatchQueue(label: "codex.builtin-embedder", qos: .userInitiated)

    /// Loads the weights from `directory` (default: `ModelLocation.resolve()`).
    /// - Parameter threads: worker threads per batch; default: the active cores. Opens OpenBLAS,
    ///   a process-wide library, with one thread of its own.
    /// - Parameter precision: the dense layers' arithmetic for batches of many tokens.
    /// - Throws: `CodexError.modelMissing` (hint: run scripts/setup.sh), `.modelCorrupt`, or
    ///   `.blasMissing` when OpenBLAS cannot be opened.
    public init(
        directory: String? = nil, maxLength: Int = 256, batchSize: Int = 32,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount, precision: EncoderPrecision = .fastest
    ) throws {
        let directory = try directory ?? ModelLocation.resolve()
        for file in ModelLocation.requiredFiles where !FileManager.default.fileExists(atPath: directory + "/" + file) {
            throw CodexError.modelMissing(ModelLocation.builtinModelName, searched: [directory])
        }
        try ModelManifest.verifySizes(in: directory)
        let configuration = BertConfiguration.miniLML6
        guard (2...configuration.maxPositions).contains(maxLength) else {
            throw CodexError.invalidInput("maxLength must be 2...\(configuration.maxPositions), not \(maxLength)")
        }
        let vocabularyPath = directory + "/vocab.txt"
        tokenizer = try WordPieceTokenizer(vocabularyPath: vocabularyPath, maxLength: maxLength)
        guard tokenizer.vocabularySize == configuration.vocabularySize else {
            throw CodexError.modelCorrupt(
                vocabularyPath,
                reason: "it has \(tokenizer.vocabularySize) tokens, the model expects \(configuration.vocabularySize)")
        }
        let file = try SafetensorsFile(path: directory + "/model.safetensors")
        let weights = try BertWeights(file: file, configuration: configuration, precision: precision)
        encoder = BertEncoder(weights: weights, pool: WorkerPool(threads: threads))
        identity = EmbedderIdentity(
            name: "builtin:" + ModelLocation.builtinModelName, dimension: configuration.hiddenSize)
        self.batchSize = max(1, batchSize)
        self.maxBatchTokens = max(maxLength, batchSize * maxLength)
        // Opened single-threaded: the encoder spreads work over its own threads, and OpenBLAS
        // threading on top would oversubscribe.
        if let reason = cvk_blas_load() { throw CodexError.blasMissing(String(cString: reason)) }
    }

    /// Whether batches of many tokens run on 16-bit integer products (they do once the first such
    /// batch packed the weights, where the CPU has AVX2 and `.fastest` was asked for).
    public var usesSixteenBitProducts: Bool { encoder.weights.quantizedLayers() != nil }

    /// all-MiniLM-L6-v2 embeds queries and documents alike, so `purpose` changes nothing.
    public func embed(_ texts: [String], purpose: EmbeddingPurpose) async throws -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let tokenizer = tokenizer
        let sequences = await Self.offPool { texts.map(tokenizer.encode) }
        return try await embed(tokenIDs: sequences)
    }

    /// Embeds already tokenized texts (each `[CLS] … [SEP]`, at most `tokenizer.maxLength` ids).
    /// - Throws: `CodexError` (invalid input) for an empty sequence, one too long, or an id
    ///   outside the vocabulary, which would otherwise index past the embedding table.
    public func embed(tokenIDs sequences: [[Int32]]) async throws -> [[Float]] {
        let vocabulary = Int32(tokenizer.vocabularySize)
        for sequence in sequences
        where sequence.isEmpty || sequence.count > tokenizer.maxLength
            || sequence.contains(where: { !(0..<vocabulary).contains($0) })
        {
            throw CodexError.invalidInput(
                "token sequences must hold 1...\(tokenizer.maxLength) ids below \(vocabulary)")
        }
        var vectors = [[Float]](repeating: [], count: sequences.count)
        let encoder = encoder
        for batch in Self.batches(lengths: sequences.map(\.count), batchSize: batchSize, maxTokens: maxBatchTokens) {
            try Task.checkCancellation()
            let members = batch.map { sequences[$0] }
            let encoded = await Self.offPool { encoder.encode(members) }
            for (index, vector) in zip(batch, encoded) { vectors[index] = vector }
        }
        return vectors
    }

    /// Indices grouped into batches of similar length, longest first: sort by length, then cut
    /// whenever the batch is full by count or by tokens.
    static func batches(lengths: [Int], batchSize: Int, maxTokens: Int) -> [[Int]] {
        let order = lengths.indices.sorted { lengths[$0] != lengths[$1] ? lengths[$0] > lengths[$1] : $0 < $1 }
        var batches: [[Int]] = []
        var current: [Int] = []
        var tokens = 0
        for index in order {
            if !current.isEmpty && (current.count == batchSize || tokens + lengths[index] > maxTokens) {
                batches.append(current)
                current = []
                tokens = 0
            }
            current.append(index)
            tokens += lengths[index]
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }
}
