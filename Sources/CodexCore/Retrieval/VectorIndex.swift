import CVectorKernels
import Dispatch

/// Every vector of one collection in one contiguous int8 matrix, scanned exactly.
///
/// Exact search over a flat matrix beats an approximate index at the sizes one laptop holds
/// (100k chunks scan in a few milliseconds) and never misses a neighbour. Immutable once
/// built, so concurrent queries share it freely.
public final class VectorIndex: Sendable {
    public let dimension: Int
    let chunkIds: [Int64]
    let scales: [Float]
    let codes: [Int8]

    public var count: Int { chunkIds.count }

    /// A matrix as a store reads it: row `i` is chunk `chunkIds[i]`, its components
    /// `codes[i * dimension ..< (i + 1) * dimension]` times `scales[i]`.
    public init(dimension: Int, chunkIds: [Int64], scales: [Float], codes: [Int8]) {
        precondition(codes.count == chunkIds.count * dimension && scales.count == chunkIds.count)
        self.dimension = dimension
        self.chunkIds = chunkIds
        self.scales = scales
        self.codes = codes
    }

    /// Builds an index from float vectors (benchmarks and tests).
    public convenience init(dimension: Int, entries: [(chunkId: Int64, vector: [Float])]) {
        var codes: [Int8] = []
        codes.reserveCapacity(entries.count * dimension)
        var scales: [Float] = []
        for entry in entries {
            let quantized = QuantizedVector(entry.vector)
            codes += quantized.codes
            scales.append(quantized.scale)
        }
        self.init(dimension: dimension, chunkIds: entries.map(\.chunkId), scales: scales, codes: codes)
    }

    /// The `limit` chunks most similar to `query` (a unit vector), best first.
    public func search(_ query: [Float], limit: Int) -> [(chunkId: Int64, score: Float)] {
        precondition(query.count == dimension, "query has \(query.count) components, index has \(dimension)")
        guard count > 0, limit > 0 else { return [] }
        var scores = [Float](repeating: 0, count: count)
        // Two halves on two cores above ~20k rows; below that a thread hop costs more than it saves.
        let parts = count >= 20_000 ? 2 : 1
        let rowsPerPart = (count + parts - 1) / parts
        query.withUnsafeBufferPointer { query in
            codes.withUnsafeBufferPointer { codes in
                scales.withUnsafeBufferPointer { scales in
                    scores.withUnsafeMutableBufferPointer { scores in
                        let scan = ScanPointers(
                            query: query.baseAddress!, codes: codes.baseAddress!, scales: scales.baseAddress!,
                            scores: scores.baseAddress!)
                        let dimension = self.dimension, count = self.count
                        DispatchQueue.concurrentPerform(iterations: parts) { part in
                            let start = part * rowsPerPart
                            let rows = min(rowsPerPart, count - start)
                            guard rows > 0 else { return }
                            cvk_score_int8(
                                scan.query, scan.codes + start * dimension, scan.scales + start, rows, dimension,
                                scan.scores + start)
                        }
                    }
                }
            }
        }
        return TopK.select(limit, from: scores).map { (chunkIds[$0.index], $0.score) }
    }
}

/// The buffers of one scan, shared by its two halves on two threads. Safe because the inputs
/// are only read, each half writes its own range of `scores`, and the caller waits for both.
private struct ScanPointers: @unchecked Sendable {
    let query: UnsafePointer<Float>
    let codes: UnsafePointer<Int8>
    let scales: UnsafePointer<Float>
    let scores: UnsafeMutablePointer<Float>
}
