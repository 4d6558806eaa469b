import CVectorKernels

/// Which arithmetic the built-in embedder's dense layers use for batches of many tokens.
public enum EncoderPrecision: String, Sendable, CaseIterable {
    /// 16-bit integer products where the CPU has AVX2 (`QuantizedWeights`), else 32-bit floats.
    case fastest
    /// 32-bit floats through OpenBLAS everywhere: the reference the integer path is measured against.
    case float32

    /// `CODEX_EMBEDDER_PRECISION` (`float32` to compare or to rule the integer path out), else `fastest`.
    static func fromEnvironment(_ environment: [String: String]) -> EncoderPrecision {
        environment["CODEX_EMBEDDER_PRECISION"].flatMap(EncoderPrecision.init(rawValue:)) ?? .fastest
    }
}

/// A dense layer's weights packed for `cvk_qlinear`: 16-bit values in panels of 16 outputs and
/// one scale per output.
///
/// `@unchecked Sendable`: read-only pointers into the block its `QuantizedWeights` owns.
struct PackedMatrix: @unchecked Sendable {
    let values: UnsafePointer<Int16>
    let scales: UnsafePointer<Float>
}

/// The four dense matrices of one encoder layer, packed.
struct QuantizedLayer: Sendable {
    var qkv: PackedMatrix  // (3·H) × H
    var attentionOutput: PackedMatrix  // H × H
    var intermediate: PackedMatrix  // I × H
    var output: PackedMatrix  // H × I
}

/// Every layer's dense matrices quantised to 16 bits, in one huge-page block (21 MB for MiniLM,
/// half the float matrices), made once per process by the first batch that uses them.
///
/// Batches of many tokens are bound by arithmetic, and on AVX2 the integer multiply-add does
/// twice the products per cycle of float FMA (`QuantizedLinear.c`); a question of a few tokens
/// is bound by reading weights and keeps the float path, so `codex ask` never pays the packing.
///
/// `@unchecked Sendable`: written only in `init`, read-only afterwards.
final class QuantizedWeights: @unchecked Sendable {
    let layers: [QuantizedLayer]
    private let block: MatrixBlock

    /// Nil where the CPU lacks AVX2 and FMA.
    init?(of layers: [BertWeights.Layer], configuration c: BertConfiguration) {
        guard cvk_qlinear_supported() != 0 else { return nil }
        let h = c.hiddenSize
        let i = c.intermediateSize
        let valuesPerLayer = 4 * h * h + 2 * i * h
        let scalesPerLayer = 3 * h + h + i + h
        let valueBytes = c.layerCount * valuesPerLayer * MemoryLayout<Int16>.stride
        guard let block = try? MatrixBlock(bytes: valueBytes + c.layerCount * scalesPerLayer * 4) else { return nil }
        self.block = block
        var values = block.start.bindMemory(to: Int16.self, capacity: c.layerCount * valuesPerLayer)
        var scales = (block.start + valueBytes).bindMemory(to: Float.self, capacity: c.layerCount * scalesPerLayer)
        func pack(_ weight: UnsafePointer<Float>, outputs: Int, inputs: Int) -> PackedMatrix {
            cvk_qlinear_pack(weight, outputs, inputs, values, scales)
            defer {
                values += outputs * inputs
                scales += outputs
            }
            return PackedMatrix(values: UnsafePointer(values), scales: UnsafePointer(scales))
        }
        self.layers = layers.map { layer in
            QuantizedLayer(
                qkv: pack(layer.qkvWeight, outputs: 3 * h, inputs: h),
                attentionOutput: pack(layer.attentionOutputWeight, outputs: h, inputs: h),
                intermediate: pack(layer.intermediateWeight, outputs: i, inputs: h),
                output: pack(layer.outputWeight, outputs: h, inputs: i))
        }
    }
}
