import CVectorKernels

/// The BERT forward pass, mean pooling and L2 normalisation for a batch of token sequences.
///
/// No padding is ever computed: the tokens of all sequences are laid end to end in one
/// (tokens × hidden) matrix, so the dense layers are OpenBLAS `sgemm` calls over all tokens at once,
/// and only attention, which mixes tokens, runs per sequence and head.
///
/// Threads: OpenBLAS runs single-threaded (`BuiltinEmbedder` sets it) and this type splits the
/// work itself across the workers of its `WorkerPool`: dense layers, GELU and layer norms by halves of the token
/// rows, attention by (sequence, head) pairs. Measured on 2 cores back to back, 7.6 chunks/s against
/// 3.1 with OpenBLAS threading each product: softmax and GELU run in parallel too, there is one
/// hand-off per phase instead of one per `sgemm`, and no BLAS worker spins in `sched_yield` while
/// Swift code runs.
struct BertEncoder: Sendable {
    let weights: BertWeights
    /// The threads a batch is split over (the caller included).
    let pool: WorkerPool
    let scratch = EncoderScratch()

    /// Rows of the feed-forward block computed at once per worker: bounds the 1536-wide
    /// intermediate to 512 × 1536 floats (3 MB), whatever the batch size.
    static let feedForwardTile = 512

    /// Up to this many tokens (a search query), workers split each product by output columns
    /// instead of token rows. With few rows, `sgemm` time is mostly packing the weight matrix;
    /// split by rows, every worker would pack all of it, split by columns each packs its share.
    static let fewTokens = 64

    /// On CPUs with AVX-512, these few-token products skip BLAS for `cvk_small_linear`, which
    /// reads each weight once instead of packing the whole matrix first: measured over MiniLM's
    /// six layers, 2.1× faster than sgemm for 10 rows, 1.2× for 32, level at 64.
    private static let smallLinearSupported = cvk_small_linear_supported() != 0

    /// One unit-length vector per sequence. Each sequence must hold 1...maxPositions valid ids.
    func encode(_ sequences: [[Int32]]) -> [[Float]] {
        let h = weights.configuration.hiddenSize
        let lengths = sequences.map(\.count)
        let tokens = lengths.reduce(0, +)
        guard tokens > 0 else { return [] }
        var offsets: [Int] = []
        var running = 0
        for length in lengths {
            offsets.append(running)
            running += length
        }
        let workers = max(1, min(pool.threads, tokens))
        let rowRanges = (0..<workers).map { w in (tokens * w / workers)..<(tokens * (w + 1) / workers) }
        let attentionItems = Self.assignAttention(
            offsets: offsets, lengths: lengths, heads: weights.configuration.headCount, workers: workers)
        let workspace = Workspace(
            tokens: tokens, longest: lengths.max() ?? 0, workers: workers, configuration: weights.configuration,
            scratch: scratch)

        embed(sequences, into: workspace.hidden)
        if tokens <= Self.fewTokens {
            for layer in weights.layersForNextBatch() {
                fewTokensLayer(layer, workspace: workspace, tokens: tokens, attention: attentionItems)
            }
            return zip(offsets, lengths).map { offset, length in
                Self.meanPooledUnitVector(workspace.hidden + offset * h, rows: length, columns: h)
            }
        }
        let quantized = weights.quantizedLayers()
        let layers = quantized == nil ? weights.layersForNextBatch() : weights.loadedLayers
        let longestRange = rowRanges.map(\.count).max() ?? 0
        let products = (0..<workers).map { w in
            DenseProducts(
                packed: quantized, input: quantized == nil ? nil : scratch.quantizedInput(for: w),
                rows: max(longestRange, min(tokens, Self.feedForwardTile)),
                inputs: weights.configuration.intermediateSize)
        }
        parallel(workers) { w in
            queryKeyValue(layers[0], 0, products[w], workspace: workspace, rows: rowRanges[w])
        }
        for (index, layer) in layers.enumerated() {
            parallel(workers) { w in
                for item in attentionItems[w] { attend(item, workspace: workspace, scores: workspace.scores[w]) }
            }
            parallel(workers) { w in
                projectAndFeedForward(
                    layer, index, products[w], workspace: workspace, rows: rowRanges[w], tile: workspace.intermediate[w])
                if index + 1 < layers.count {
                    queryKeyValue(layers[index + 1], index + 1, products[w], workspace: workspace, rows: rowRanges[w])
                }
            }
        }
        return zip(offsets, lengths).map { offset, length in
            Self.meanPooledUnitVector(workspace.hidden + offset * h, rows: length, columns: h)
        }
    }

    /// Runs `body(0..<workers)` on that many threads at once and returns when all are done.
    private func parallel(_ workers: Int, _ body: @escaping @Sendable (Int) -> Void) {
        pool.run(workers, body)
    }

    /// One layer for a handful of tokens: products split by output columns, the cheap
    /// element-wise steps on the calling thread.
    private func fewTokensLayer(
        _ layer: BertWeights.Layer, workspace: Workspace, tokens: Int, attention: [[AttentionItem]]
    ) {
        let c = weights.configuration
        let h = c.hiddenSize
        let workers = attention.count
        func product(
            _ input: UnsafeMutablePointer<Float>, inputs: Int, _ weight: UnsafePointer<Float>, outputs: Int,
            into output: UnsafeMutablePointer<Float>
        ) {
            let operands = Operands(input: input, weight: weight, output: output)
            let small = Self.smallLinearSupported
            parallel(workers) { w in
                // Even column boundaries: the small kernel takes weight rows two at a time.
                let start = outputs * w / workers & ~1
                let end = w + 1 == workers ? outputs : outputs * (w + 1) / workers & ~1
                if small {
                    cvk_small_linear(
                        operands.input, tokens, inputs, operands.weight + start * inputs, end - start,
                        operands.output + start, outputs)
                } else {
                    Self.linear(
                        operands.input, rows: tokens, inputs: inputs, weight: operands.weight + start * inputs,
                        outputs: end - start, outputStride: outputs, into: operands.output + start)
                }
            }
        }
        product(workspace.hidden, inputs: h, layer.qkvWeight, outputs: 3 * h, into: workspace.qkv)
        VectorKernels.addBias(workspace.qkv, rows: tokens, columns: 3 * h, bias: layer.qkvBias)
        parallel(workers) { w in
            for item in attention[w] { attend(item, workspace: workspace, scores: workspace.scores[w]) }
        }
        product(workspace.context, inputs: h, layer.attentionOutputWeight, outputs: h, into: workspace.projected)
        VectorKernels.addBiasResidualLayerNorm(
            workspace.projected, bias: layer.attentionOutputBias, residual: workspace.hidden, rows: tokens,
            columns: h, weight: layer.attentionNormWeight, shift: layer.attentionNormBias, epsilon: c.layerNormEpsilon)
        let tile = workspace.intermediate[0]
        product(workspace.hidden, inputs: h, layer.intermediateWeight, outputs: c.intermediateSize, into: tile)
        VectorKernels.addBiasGELU(tile, rows: tokens, columns: c.intermediateSize, bias: layer.intermediateBias)
        product(tile, inputs: c.intermediateSize, layer.outputWeight, outputs: h, into: workspace.projected)
        VectorKernels.addBiasResidualLayerNorm(
            workspace.projected, bias: layer.outputBias, residual: workspace.hidden, rows: tokens, columns: h,
            weight: layer.outputNormWeight, shift: layer.outputNormBias, epsilon: c.layerNormEpsilon)
    }

    /// One head of one sequence.
    struct AttentionItem {
        var offset: Int
        var length: Int
        var head: Int
    }

    /// Spreads (sequence, head) pairs over workers, costliest first onto the least loaded worker,
    /// so sequences of different lengths still keep every worker busy until the end.
    static func assignAttention(offsets: [Int], lengths: [Int], heads: Int, workers: Int) -> [[AttentionItem]] {
        var items: [AttentionItem] = []
        for (offset, length) in zip(offsets, lengths) {
            for head in 0..<heads { items.append(AttentionItem(offset: offset, length: length, head: head)) }
        }
        items.sort { $0.length > $1.length }
        var assigned = [[AttentionItem]](repeating: [], count: workers)
        var load = [Int](repeating: 0, count: workers)
        for item in items {
            let w = load.indices.min { load[$0] < load[$1] } ?? 0
            assigned[w].append(item)
            load[w] += item.length * (item.length + 64)
        }
        return assigned
    }

    /// Word + position + token-type (always 0) embeddings, then layer norm.
    private func embed(_ sequences: [[Int32]], into hidden: UnsafeMutablePointer<Float>) {
        let c = weights.configuration
        let h = c.hiddenSize
        var row = hidden
        for sequence in sequences {
            for (position, id) in sequence.enumerated() {
                let word = weights.wordEmbeddings + Int(id) * h
                let place = weights.positionEmbeddings + position * h
                let type = weights.tokenTypeEmbeddings
                for j in 0..<h { row[j] = word[j] + place[j] + type[j] }
                row += h
            }
        }
        let tokens = sequences.reduce(0) { $0 + $1.count }
        VectorKernels.layerNorm(
            hidden, rows: tokens, columns: h, weight: weights.embeddingNormWeight,
            shift: weights.embeddingNormBias, epsilon: c.layerNormEpsilon)
    }

    /// Q, K and V for a range of token rows: one product with the stacked weights, plus bias.
    private func queryKeyValue(
        _ layer: BertWeights.Layer, _ index: Int, _ products: DenseProducts, workspace: Workspace, rows: Range<Int>
    ) {
        let h = weights.configuration.hiddenSize
        guard !rows.isEmpty else { return }
        let output = workspace.qkv + rows.lowerBound * 3 * h
        products.linear(
            workspace.hidden + rows.lowerBound * h, rows: rows.count, inputs: h, weight: layer.qkvWeight,
            packed: products.packed?[index].qkv, outputs: 3 * h, into: output)
        VectorKernels.addBias(output, rows: rows.count, columns: 3 * h, bias: layer.qkvBias)
    }

    /// softmax(Q·Kᵀ/√d)·V for one head of one sequence, into that head's columns of `context`.
    private func attend(_ item: AttentionItem, workspace: Workspace, scores: UnsafeMutablePointer<Float>) {
        let c = weights.configuration
        let h = c.hiddenSize
        let d = c.headSize
        let width = Int32(3 * h)
        let length = Int32(item.length)
        let block = workspace.qkv + item.offset * 3 * h + item.head * d
        cvk_sgemm(
            1, length, length, Int32(d), 1 / Float(d).squareRoot(), block, width, block + h, width, 0, scores, length)
        VectorKernels.softmaxRows(scores, rows: item.length, columns: item.length, stride: item.length)
        cvk_sgemm(
            0, length, Int32(d), length, 1, scores, length, block + 2 * h, width, 0,
            workspace.context + item.offset * h + item.head * d, Int32(h))
    }

    /// For a range of token rows: attention output projection, residual and layer norm, then the
    /// feed-forward block (intermediate + GELU, output, residual, layer norm) a tile at a time.
    private func projectAndFeedForward(
        _ layer: BertWeights.Layer, _ index: Int, _ products: DenseProducts, workspace: Workspace, rows: Range<Int>,
        tile: UnsafeMutablePointer<Float>
    ) {
        let packed = products.packed?[index]
        let c = weights.configuration
        let h = c.hiddenSize
        var start = rows.lowerBound
        while start < rows.upperBound {
            let count = min(Self.feedForwardTile, rows.upperBound - start)
            let hidden = workspace.hidden + start * h
            let projected = workspace.projected + start * h
            products.linear(
                workspace.context + start * h, rows: count, inputs: h, weight: layer.attentionOutputWeight,
                packed: packed?.attentionOutput, outputs: h, into: projected)
            VectorKernels.addBiasResidualLayerNorm(
                projected, bias: layer.attentionOutputBias, residual: hidden, rows: count, columns: h,
                weight: layer.attentionNormWeight, shift: layer.attentionNormBias, epsilon: c.layerNormEpsilon)
            products.linear(
                hidden, rows: count, inputs: h, weight: layer.intermediateWeight, packed: packed?.intermediate,
                outputs: c.intermediateSize, into: tile)
            VectorKernels.addBiasGELU(tile, rows: count, columns: c.intermediateSize, bias: layer.intermediateBias)
            products.linear(
                tile, rows: count, inputs: c.intermediateSize, weight: layer.outputWeight, packed: packed?.output,
                outputs: h, into: projected)
            VectorKernels.addBiasResidualLayerNorm(
                projected, bias: layer.outputBias, residual: hidden, rows: count, columns: h,
                weight: layer.outputNormWeight, shift: layer.outputNormBias, epsilon: c.layerNormEpsilon)
            start += count
        }
    }

    /// output (rows × outputs) = input (rows × inputs) · weightᵀ, weight stored outputs × inputs.
    static func linear(
        _ input: UnsafePointer<Float>, rows: Int, inputs: Int, weight: UnsafePointer<Float>, outputs: Int,
        outputStride: Int? = nil, into output: UnsafeMutablePointer<Float>
    ) {
        cvk_sgemm(
            1, Int32(rows), Int32(outputs), Int32(inputs), 1, input, Int32(inputs), weight, Int32(inputs), 0, output,
            Int32(outputStride ?? outputs))
    }

    private static func meanPooledUnitVector(_ rows: UnsafePointer<Float>, rows count: Int, columns: Int) -> [Float] {
        var vector = [Float](repeating: 0, count: columns)
        for row in 0..<count {
            let line = rows + row * columns
            for j in 0..<columns { vector[j] += line[j] }
        }
        var norm: Float = 0
        for j in 0..<columns {
            vector[j] /= Float(count)
            norm += vector[j] * vector[j]
        }
        let inverse = norm > 0 ? 1 / norm.squareRoot() : 0
        for j in 0..<columns { vector[j] *= inverse }
        return vector
    }
}

/// One worker's dense products for a batch: 16-bit when the layers are packed (the input rows
/// quantised first into the worker's own buffer), else OpenBLAS `sgemm`.
///
/// `@unchecked Sendable`: each worker has its own `DenseProducts` and so its own quantised buffer.
private struct DenseProducts: @unchecked Sendable {
    let packed: [QuantizedLayer]?
    let values: UnsafeMutablePointer<Int16>?
    let scales: UnsafeMutablePointer<Float>?

    init(packed: [QuantizedLayer]?, input: QuantizedInputScratch?, rows: Int, inputs: Int) {
        self.packed = packed
        values = input?.values(rows * inputs)
        scales = input?.scales(rows)
    }

    func linear(
        _ input: UnsafePointer<Float>, rows: Int, inputs: Int, weight: UnsafePointer<Float>, packed: PackedMatrix?,
        outputs: Int, into output: UnsafeMutablePointer<Float>
    ) {
        guard let packed, let values, let scales else {
            BertEncoder.linear(input, rows: rows, inputs: inputs, weight: weight, outputs: outputs, into: output)
            return
        }
        cvk_qlinear_quantize_rows(input, rows, inputs, values, scales)
        cvk_qlinear(values, scales, rows, inputs, packed.values, packed.scales, outputs, output, outputs)
    }
}

/// The matrices of one product split over workers by output columns.
///
/// `@unchecked Sendable`: each worker writes only its own columns of `output`; inputs are read-only.
private struct Operands: @unchecked Sendable {
    let input: UnsafeMutablePointer<Float>
    let weight: UnsafePointer<Float>
    let output: UnsafeMutablePointer<Float>
}

/// The encoder's scratch memory, kept from one batch to the next and grown when a batch needs
/// more. Allocating ~80 MB afresh for every batch of 32 chunks made the allocator's heap grow
/// over a long ingest (peak RSS 369 MB after 15,000 chunks, against 179 MB for 300).
///
/// `@unchecked Sendable`: only the one batch running at a time uses it (`BuiltinEmbedder` runs
/// batches one after another on its own queue).
final class EncoderScratch: @unchecked Sendable {
    private var block = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private var capacity = 1
    private var quantized: [QuantizedInputScratch] = []

    init() {}

    /// Worker `worker`'s buffer for quantised input rows.
    func quantizedInput(for worker: Int) -> QuantizedInputScratch {
        while quantized.count <= worker { quantized.append(QuantizedInputScratch()) }
        return quantized[worker]
    }

    /// At least `count` floats, valid until the next call.
    func floats(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacity {
            block.deallocate()
            block = .allocate(capacity: count)
            capacity = count
        }
        return block
    }

    deinit { block.deallocate() }
}

/// A worker's buffer for its input rows quantised to 16 bits, kept from batch to batch.
///
/// `@unchecked Sendable`: only its own worker uses it, one batch at a time (see `EncoderScratch`).
final class QuantizedInputScratch: @unchecked Sendable {
    private var block = UnsafeMutablePointer<Int16>.allocate(capacity: 16)
    private var capacity = 16
    private var rowScales = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private var rowCapacity = 1

    init() {}

    /// At least `count` values, 32-byte aligned, valid until the next call.
    func values(_ count: Int) -> UnsafeMutablePointer<Int16> {
        if count > capacity {
            block.deallocate()
            // Allocated with Int16's alignment; the kernel reads rows with unaligned-safe broadcasts.
            block = .allocate(capacity: count)
            capacity = count
        }
        return block
    }

    func scales(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count > rowCapacity {
            rowScales.deallocate()
            rowScales = .allocate(capacity: count)
            rowCapacity = count
        }
        return rowScales
    }

    deinit {
        block.deallocate()
        rowScales.deallocate()
    }
}

/// Scratch matrices for one batch, carved out of the encoder's `EncoderScratch`.
///
/// `@unchecked Sendable`: workers write disjoint parts (their own rows of the token matrices,
/// their own heads' columns of `context`, their own `scores` and `intermediate`), and each phase
/// ends before the next reads, so no element is ever accessed by two threads at once.
private struct Workspace: @unchecked Sendable {
    let hidden: UnsafeMutablePointer<Float>  // tokens × H, the running hidden state
    let qkv: UnsafeMutablePointer<Float>  // tokens × 3H
    let context: UnsafeMutablePointer<Float>  // tokens × H, attention output before projection
    let projected: UnsafeMutablePointer<Float>  // tokens × H, a dense layer's output
    let intermediate: [UnsafeMutablePointer<Float>]  // per worker: tile × I
    let scores: [UnsafeMutablePointer<Float>]  // per worker: longest × longest, one head's attention

    init(tokens: Int, longest: Int, workers: Int, configuration c: BertConfiguration, scratch: EncoderScratch) {
        let h = c.hiddenSize
        let tile = min(tokens, BertEncoder.feedForwardTile) * c.intermediateSize
        let square = longest * longest
        var next = scratch.floats(tokens * 6 * h + workers * (tile + square))
        func take(_ count: Int) -> UnsafeMutablePointer<Float> {
            defer { next += count }
            return next
        }
        hidden = take(tokens * h)
        qkv = take(tokens * 3 * h)
        context = take(tokens * h)
        projected = take(tokens * h)
        intermediate = (0..<workers).map { _ in take(tile) }
        scores = (0..<workers).map { _ in take(square) }
    }
}
