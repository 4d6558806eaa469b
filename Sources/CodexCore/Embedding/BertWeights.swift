import Foundation

/// The shape of a BERT encoder; `miniLML6` is all-MiniLM-L6-v2's.
public struct BertConfiguration: Sendable, Equatable {
    public var vocabularySize: Int
    public var hiddenSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var intermediateSize: Int
    public var maxPositions: Int
    public var layerNormEpsilon: Float

    public var headSize: Int { hiddenSize / headCount }

    public static let miniLML6 = BertConfiguration(
        vocabularySize: 30522, hiddenSize: 384, layerCount: 6, headCount: 12, intermediateSize: 1536,
        maxPositions: 512, layerNormEpsilon: 1e-12)
}

/// A BERT encoder's parameters, read from `BertModel` safetensors keys with every shape checked.
///
/// Embeddings, biases and norms are used in place from the memory-mapped file. The dense layers'
/// matrices (Linear weights stored out × in, which is what `sgemm` with a transposed B wants) are
/// copied once into a huge-page block, each layer's query, key and value weights stacked into a
/// single (3·hidden) × hidden matrix so that one `sgemm` over all tokens produces Q, K and V.
///
/// `@unchecked Sendable`: every pointer is either into the read-only mapping of `file` (kept alive
/// by this object) or into memory this object allocates in `init`, never writes again, and frees
/// when it is released.
final class BertWeights: @unchecked Sendable {
    /// `@unchecked Sendable`: read-only pointers into memory its `BertWeights` owns and never writes.
    struct Layer: @unchecked Sendable {
        var qkvWeight: UnsafePointer<Float>  // (3·H) × H, rows: query, key, value
        var qkvBias: UnsafePointer<Float>  // 3·H
        var attentionOutputWeight: UnsafePointer<Float>  // H × H
        var attentionOutputBias: UnsafePointer<Float>
        var attentionNormWeight: UnsafePointer<Float>
        var attentionNormBias: UnsafePointer<Float>
        var intermediateWeight: UnsafePointer<Float>  // I × H
        var intermediateBias: UnsafePointer<Float>
        var outputWeight: UnsafePointer<Float>  // H × I
        var outputBias: UnsafePointer<Float>
        var outputNormWeight: UnsafePointer<Float>
        var outputNormBias: UnsafePointer<Float>
    }

    let configuration: BertConfiguration
    let file: SafetensorsFile
    let wordEmbeddings: UnsafePointer<Float>
    let positionEmbeddings: UnsafePointer<Float>
    let tokenTypeEmbeddings: UnsafePointer<Float>
    let embeddingNormWeight: UnsafePointer<Float>
    let embeddingNormBias: UnsafePointer<Float>
    let layers: [Layer]
    private let matrices: MatrixBlock
    private let biases: UnsafeMutablePointer<Float>

    init(file: SafetensorsFile, configuration: BertConfiguration) throws {
        let c = configuration
        let h = c.hiddenSize
        func tensor(_ name: String, _ shape: [Int]) throws -> UnsafePointer<Float> {
            guard let base = try file.floats(name, shape: shape).baseAddress else {
                throw CodexError.modelCorrupt(file.path, reason: "tensor \(name) is empty")
            }
            return base
        }
        self.configuration = c
        self.file = file
        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [c.vocabularySize, h])
        positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [c.maxPositions, h])
        tokenTypeEmbeddings = try tensor("embeddings.token_type_embeddings.weight", [2, h])
        embeddingNormWeight = try tensor("embeddings.LayerNorm.weight", [h])
        embeddingNormBias = try tensor("embeddings.LayerNorm.bias", [h])

        // The dense layers' matrices (42 MB for MiniLM) are copied into one block that the
        // kernel may back with 2 MB pages: streamed through 4 KB pages of the mapping, TLB misses
        // made a 10-token query 28% slower (measured). Q, K and V are stacked on the way.
        let perLayer = 4 * h * h + 2 * c.intermediateSize * h
        let matrices = try MatrixBlock(floats: perLayer * c.layerCount)
        let biases = UnsafeMutablePointer<Float>.allocate(capacity: 3 * h * c.layerCount)
        var layers: [Layer] = []
        do {
            var next = matrices.start
            /// Appends a tensor to the block and returns where it starts.
            func copy(_ name: String, _ shape: [Int]) throws -> UnsafePointer<Float> {
                let source = try file.floats(name, shape: shape)
                guard let from = source.baseAddress else {
                    throw CodexError.modelCorrupt(file.path, reason: "tensor \(name) is empty")
                }
                let destination = next
                destination.update(from: from, count: source.count)
                file.releasePages(of: source)
                next += source.count
                return UnsafePointer(destination)
            }
            for index in 0..<c.layerCount {
                let p = "encoder.layer.\(index)."
                let qkvBias = biases + index * 3 * h
                // Copied one after another, the three h × h matrices form the stacked (3h) × h one.
                let qkvWeight = UnsafePointer(next)
                for (part, name) in ["query", "key", "value"].enumerated() {
                    _ = try copy(p + "attention.self.\(name).weight", [h, h])
                    (qkvBias + part * h).update(from: try tensor(p + "attention.self.\(name).bias", [h]), count: h)
                }
                layers.append(
                    Layer(
                        qkvWeight: qkvWeight,
                        qkvBias: UnsafePointer(qkvBias),
                        attentionOutputWeight: try copy(p + "attention.output.dense.weight", [h, h]),
                        attentionOutputBias: try tensor(p + "attention.output.dense.bias", [h]),
                        attentionNormWeight: try tensor(p + "attention.output.LayerNorm.weight", [h]),
                        attentionNormBias: try tensor(p + "attention.output.LayerNorm.bias", [h]),
                        intermediateWeight: try copy(p + "intermediate.dense.weight", [c.intermediateSize, h]),
                        intermediateBias: try tensor(p + "intermediate.dense.bias", [c.intermediateSize]),
                        outputWeight: try copy(p + "output.dense.weight", [h, c.intermediateSize]),
                        outputBias: try tensor(p + "output.dense.bias", [h]),
                        outputNormWeight: try tensor(p + "output.LayerNorm.weight", [h]),
                        outputNormBias: try tensor(p + "output.LayerNorm.bias", [h])))
            }
        } catch {
            biases.deallocate()
            throw error
        }
        self.layers = layers
        self.matrices = matrices
        self.biases = biases
    }

    deinit { biases.deallocate() }
}

/// One 2 MB-aligned allocation that the kernel is asked to back with huge pages (Linux
/// `madvise(MADV_HUGEPAGE)`; elsewhere, or when refused, it is ordinary memory).
///
/// `@unchecked Sendable`: written only while `BertWeights` is being built, read-only afterwards.
private final class MatrixBlock: @unchecked Sendable {
    let start: UnsafeMutablePointer<Float>

    init(floats: Int) throws {
        let alignment = 2 << 20
        let bytes = (floats * MemoryLayout<Float>.stride + alignment - 1) / alignment * alignment
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, alignment, bytes) == 0, let raw else {
            throw CodexError.internal("could not allocate \(bytes >> 20) MB for the embedder's weights")
        }
        _ = madvise(raw, bytes, Int32(MADV_HUGEPAGE))
        start = raw.bindMemory(to: Float.self, capacity: floats)
    }

    deinit { free(start) }
}
