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
/// Weights are used in place from the memory-mapped file (Linear weights are stored out × in,
/// which is what `sgemm` with a transposed B wants). The one copy made is each layer's query, key
/// and value weights stacked into a single (3·hidden) × hidden matrix, so that one `sgemm` over
/// all tokens produces Q, K and V together.
///
/// `@unchecked Sendable`: every pointer is either into the read-only mapping of `file` (kept alive
/// by this object) or into buffers this object allocates in `init`, never writes again, and frees
/// in `deinit`.
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
    private let owned: [UnsafeMutablePointer<Float>]

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

        var owned: [UnsafeMutablePointer<Float>] = []
        var layers: [Layer] = []
        do {
            for index in 0..<c.layerCount {
                let p = "encoder.layer.\(index)."
                let qkvWeight = UnsafeMutablePointer<Float>.allocate(capacity: 3 * h * h)
                let qkvBias = UnsafeMutablePointer<Float>.allocate(capacity: 3 * h)
                owned += [qkvWeight, qkvBias]
                for (part, name) in ["query", "key", "value"].enumerated() {
                    let weight = try tensor(p + "attention.self.\(name).weight", [h, h])
                    let bias = try tensor(p + "attention.self.\(name).bias", [h])
                    (qkvWeight + part * h * h).update(from: weight, count: h * h)
                    (qkvBias + part * h).update(from: bias, count: h)
                }
                layers.append(
                    Layer(
                        qkvWeight: UnsafePointer(qkvWeight),
                        qkvBias: UnsafePointer(qkvBias),
                        attentionOutputWeight: try tensor(p + "attention.output.dense.weight", [h, h]),
                        attentionOutputBias: try tensor(p + "attention.output.dense.bias", [h]),
                        attentionNormWeight: try tensor(p + "attention.output.LayerNorm.weight", [h]),
                        attentionNormBias: try tensor(p + "attention.output.LayerNorm.bias", [h]),
                        intermediateWeight: try tensor(p + "intermediate.dense.weight", [c.intermediateSize, h]),
                        intermediateBias: try tensor(p + "intermediate.dense.bias", [c.intermediateSize]),
                        outputWeight: try tensor(p + "output.dense.weight", [h, c.intermediateSize]),
                        outputBias: try tensor(p + "output.dense.bias", [h]),
                        outputNormWeight: try tensor(p + "output.LayerNorm.weight", [h]),
                        outputNormBias: try tensor(p + "output.LayerNorm.bias", [h])))
            }
        } catch {
            owned.forEach { $0.deallocate() }
            throw error
        }
        self.layers = layers
        self.owned = owned
    }

    deinit { owned.forEach { $0.deallocate() } }
}
