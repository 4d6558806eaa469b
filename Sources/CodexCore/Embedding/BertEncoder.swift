import COpenBLAS

/// The BERT forward pass, mean pooling and L2 normalisation for a batch of token sequences.
///
/// No padding is ever computed: the tokens of all sequences are laid end to end in one
/// (tokens × hidden) matrix, so every dense layer is a single `cblas_sgemm` over the whole batch,
/// and only attention, which mixes tokens, runs per sequence (and per head). Without padding no
/// attention mask is needed: each sequence attends to exactly its own tokens.
///
/// Not thread-safe in itself only in the sense that OpenBLAS already uses every thread it is given:
/// callers run one batch at a time (`BuiltinEmbedder` does, on its own serial queue).
struct BertEncoder: Sendable {
    let weights: BertWeights

    /// Rows of the feed-forward block computed at once: bounds its 1536-wide intermediate to
    /// 512 × 1536 floats (3 MB) instead of tokens × 1536, keeping peak memory flat as batches grow.
    static let feedForwardTile = 512

    /// One unit-length vector per sequence. Each sequence must hold 1...maxPositions valid ids.
    func encode(_ sequences: [[Int32]]) -> [[Float]] {
        let c = weights.configuration
        let h = c.hiddenSize
        let lengths = sequences.map(\.count)
        let tokens = lengths.reduce(0, +)
        guard tokens > 0 else { return [] }
        var offsets: [Int] = []
        offsets.reserveCapacity(sequences.count)
        var running = 0
        for length in lengths {
            offsets.append(running)
            running += length
        }
        let longest = lengths.max() ?? 0

        let workspace = Workspace(tokens: tokens, longest: longest, configuration: c)
        defer { workspace.deallocate() }
        embed(sequences, into: workspace.hidden)
        for layer in weights.layers {
            attentionBlock(layer, workspace: workspace, tokens: tokens, offsets: offsets, lengths: lengths)
            feedForwardBlock(layer, workspace: workspace, tokens: tokens)
        }
        return zip(offsets, lengths).map { offset, length in
            Self.meanPooledUnitVector(workspace.hidden + offset * h, rows: length, columns: h)
        }
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

    /// Self-attention with its output projection, residual and layer norm; updates `hidden`.
    private func attentionBlock(
        _ layer: BertWeights.Layer, workspace: Workspace, tokens: Int, offsets: [Int], lengths: [Int]
    ) {
        let c = weights.configuration
        let h = c.hiddenSize
        let qkvWidth = 3 * h
        let d = c.headSize
        let scale = 1 / Float(d).squareRoot()
        Self.linear(workspace.hidden, rows: tokens, inputs: h, weight: layer.qkvWeight, outputs: qkvWidth, into: workspace.qkv)
        VectorKernels.addBias(workspace.qkv, rows: tokens, columns: qkvWidth, bias: layer.qkvBias)
        for (offset, length) in zip(offsets, lengths) {
            let block = workspace.qkv + offset * qkvWidth
            for head in 0..<c.headCount {
                let query = block + head * d
                let key = block + h + head * d
                let value = block + 2 * h + head * d
                // scores = Q·Kᵀ / √d  (length × length)
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, Int32(length), Int32(length), Int32(d),
                    scale, query, Int32(qkvWidth), key, Int32(qkvWidth), 0, workspace.scores, Int32(length))
                VectorKernels.softmaxRows(workspace.scores, rows: length, columns: length, stride: length)
                // context[:, head] = softmax(scores)·V
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(length), Int32(d), Int32(length),
                    1, workspace.scores, Int32(length), value, Int32(qkvWidth), 0,
                    workspace.context + offset * h + head * d, Int32(h))
            }
        }
        Self.linear(
            workspace.context, rows: tokens, inputs: h, weight: layer.attentionOutputWeight, outputs: h,
            into: workspace.projected)
        VectorKernels.addBiasResidualLayerNorm(
            workspace.projected, bias: layer.attentionOutputBias, residual: workspace.hidden, rows: tokens,
            columns: h, weight: layer.attentionNormWeight, shift: layer.attentionNormBias, epsilon: c.layerNormEpsilon)
    }

    /// Intermediate dense + GELU, output dense, residual and layer norm, a tile of rows at a time.
    private func feedForwardBlock(_ layer: BertWeights.Layer, workspace: Workspace, tokens: Int) {
        let c = weights.configuration
        let h = c.hiddenSize
        var start = 0
        while start < tokens {
            let rows = min(Self.feedForwardTile, tokens - start)
            let hidden = workspace.hidden + start * h
            Self.linear(
                hidden, rows: rows, inputs: h, weight: layer.intermediateWeight, outputs: c.intermediateSize,
                into: workspace.intermediate)
            VectorKernels.addBiasGELU(
                workspace.intermediate, rows: rows, columns: c.intermediateSize, bias: layer.intermediateBias)
            Self.linear(
                workspace.intermediate, rows: rows, inputs: c.intermediateSize, weight: layer.outputWeight,
                outputs: h, into: workspace.projected)
            VectorKernels.addBiasResidualLayerNorm(
                workspace.projected, bias: layer.outputBias, residual: hidden, rows: rows, columns: h,
                weight: layer.outputNormWeight, shift: layer.outputNormBias, epsilon: c.layerNormEpsilon)
            start += rows
        }
    }

    /// output (rows × outputs) = input (rows × inputs) · weightᵀ, weight stored outputs × inputs.
    private static func linear(
        _ input: UnsafePointer<Float>, rows: Int, inputs: Int, weight: UnsafePointer<Float>, outputs: Int,
        into output: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(outputs), Int32(inputs),
            1, input, Int32(inputs), weight, Int32(inputs), 0, output, Int32(outputs))
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

/// Scratch matrices for one batch, allocated once per `encode` call rather than per layer.
private struct Workspace {
    let hidden: UnsafeMutablePointer<Float>  // tokens × H, the running hidden state
    let qkv: UnsafeMutablePointer<Float>  // tokens × 3H
    let context: UnsafeMutablePointer<Float>  // tokens × H, attention output before projection
    let projected: UnsafeMutablePointer<Float>  // tokens × H, a dense layer's output
    let intermediate: UnsafeMutablePointer<Float>  // tile × I
    let scores: UnsafeMutablePointer<Float>  // longest × longest, one head's attention

    init(tokens: Int, longest: Int, configuration c: BertConfiguration) {
        let h = c.hiddenSize
        hidden = .allocate(capacity: tokens * h)
        qkv = .allocate(capacity: tokens * 3 * h)
        context = .allocate(capacity: tokens * h)
        projected = .allocate(capacity: tokens * h)
        intermediate = .allocate(capacity: min(tokens, BertEncoder.feedForwardTile) * c.intermediateSize)
        scores = .allocate(capacity: longest * longest)
    }

    func deallocate() {
        [hidden, qkv, context, projected, intermediate, scores].forEach { $0.deallocate() }
    }
}
