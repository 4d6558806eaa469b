import Foundation
import Synchronization

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
/// which is what `sgemm` with a transposed B wants), except each layer's query, key and value
/// weights, stacked into a single (3·hidden) × hidden matrix so that one `sgemm` over all tokens
/// produces Q, K and V, and, once a process embeds more than one batch, the dense matrices'
/// copy in huge pages (`layersForNextBatch`).
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
    /// The layers as loaded: stacked Q, K, V of our own, everything else in the mapping.
    private let mapped: [Layer]
    private let qkv: UnsafeMutablePointer<Float>
    private let copies = Mutex<(batches: Int, copy: DenseCopy?)>((0, nil))
    let precision: EncoderPrecision
    private let quantized = Mutex<(tried: Bool, weights: QuantizedWeights?)>((false, nil))

    init(file: SafetensorsFile, configuration: BertConfiguration, precision: EncoderPrecision = .fastest) throws {
        self.precision = precision
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

        // Q, K and V are stacked into one (3h) × h matrix per layer, so one product makes all three.
        let qkv = UnsafeMutablePointer<Float>.allocate(capacity: c.layerCount * 3 * h * (h + 1))
        var layers: [Layer] = []
        do {
            for index in 0..<c.layerCount {
                let p = "encoder.layer.\(index)."
                let qkvWeight = qkv + index * 3 * h * (h + 1)
                let qkvBias = qkvWeight + 3 * h * h
                for (part, name) in ["query", "key", "value"].enumerated() {
                    (qkvWeight + part * h * h).update(
                        from: try tensor(p + "attention.self.\(name).weight", [h, h]), count: h * h)
                    (qkvBias + part * h).update(from: try tensor(p + "attention.self.\(name).bias", [h]), count: h)
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
            qkv.deallocate()
            throw error
        }
        mapped = layers
        self.qkv = qkv
    }

    deinit { qkv.deallocate() }

    /// The layers as loaded, for their biases and norms (their matrices may be paged out).
    var loadedLayers: [Layer] { mapped }

    /// The dense matrices packed for the 16-bit kernels, made on the first call; nil where the
    /// CPU lacks AVX2 or `precision` is `.float32`. Once packed, the float matrices' pages of the
    /// mapping are released: a batch of many tokens no longer reads them.
    func quantizedLayers() -> [QuantizedLayer]? {
        guard precision == .fastest else { return nil }
        return quantized.withLock { state in
            if !state.tried {
                state.tried = true
                state.weights = QuantizedWeights(of: mapped, configuration: configuration)
                if state.weights != nil { releaseDenseMatrixPages() }
            }
            return state.weights?.layers
        }
    }

    private func releaseDenseMatrixPages() {
        let h = configuration.hiddenSize
        let i = configuration.intermediateSize
        for layer in mapped {
            file.releasePages(of: UnsafeBufferPointer(start: layer.attentionOutputWeight, count: h * h))
            file.releasePages(of: UnsafeBufferPointer(start: layer.intermediateWeight, count: i * h))
            file.releasePages(of: UnsafeBufferPointer(start: layer.outputWeight, count: h * i))
        }
    }

    /// The layers to run the next batch of float products with.
    ///
    /// The first batch of a process runs on the matrices as loaded; from the second on, the
    /// dense matrices (42 MB for MiniLM) are first copied once into a block the kernel may back
    /// with 2 MB pages: streamed through 4 KB pages, TLB misses made a 10-token query 28% slower
    /// (measured). A process that embeds a single question (`codex ask`) never pays the ~10 ms the
    /// copy takes; an ingest or a server pays it once.
    func layersForNextBatch() -> [Layer] {
        copies.withLock { state in
            state.batches += 1
            if state.batches == 2 { state.copy = try? DenseCopy(of: mapped, configuration: configuration, file: file) }
            return state.copy?.layers ?? mapped
        }
    }
}

/// The dense matrices of every layer copied into one huge-page block, in the order the layers
/// read them; the mapping's pages of the copied tensors are then released.
///
/// `@unchecked Sendable`: written only in `init`, read-only afterwards.
private final class DenseCopy: @unchecked Sendable {
    let layers: [BertWeights.Layer]
    private let block: MatrixBlock

    init(of layers: [BertWeights.Layer], configuration c: BertConfiguration, file: SafetensorsFile) throws {
        let h = c.hiddenSize
        let floats = c.layerCount * (4 * h * h + 2 * c.intermediateSize * h)
        block = try MatrixBlock(bytes: floats * MemoryLayout<Float>.stride)
        var next = block.start.bindMemory(to: Float.self, capacity: floats)
        // Only the mapping's pages are released: the stacked Q/K/V block is our own memory, which
        // the 16-bit path (`loadedLayers`) goes on reading.
        func copy(_ source: UnsafePointer<Float>, _ count: Int) -> UnsafePointer<Float> {
            next.update(from: source, count: count)
            file.releasePages(of: UnsafeBufferPointer(start: source, count: count))
            defer { next += count }
            return UnsafePointer(next)
        }
        self.layers = layers.map { layer in
            var copied = layer
            copied.qkvWeight = copy(layer.qkvWeight, 3 * h * h)
            copied.attentionOutputWeight = copy(layer.attentionOutputWeight, h * h)
            copied.intermediateWeight = copy(layer.intermediateWeight, c.intermediateSize * h)
            copied.outputWeight = copy(layer.outputWeight, h * c.intermediateSize)
            return copied
        }
    }
}

/// One 2 MB-aligned allocation that the kernel is asked to back with huge pages (Linux
/// `madvise(MADV_HUGEPAGE)`; elsewhere, or when refused, it is ordinary memory).
///
/// `@unchecked Sendable`: written only while the weights it holds are being built, read-only afterwards.
final class MatrixBlock: @unchecked Sendable {
    let start: UnsafeMutableRawPointer

    init(bytes: Int) throws {
        let alignment = 2 << 20
        let rounded = (bytes + alignment - 1) / alignment * alignment
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, alignment, rounded) == 0, let raw else {
            throw CodexError.internal("could not allocate \(rounded >> 20) MB for the embedder's weights")
        }
        _ = madvise(raw, rounded, Int32(MADV_HUGEPAGE))
        start = raw
    }

    deinit { free(start) }
}
