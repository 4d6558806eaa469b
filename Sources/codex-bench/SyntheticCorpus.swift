import CodexCore
import CodexSQLite
import Foundation
import GRDB

/// A reproducible store of N chunks of Zipf-distributed pseudo-words with random unit vectors,
/// for measuring retrieval at sizes no real test corpus reaches.
struct SyntheticCorpus {
    var chunks: Int
    var dimension = 384
    var wordsPerChunk = 110
    var seed: UInt64 = 0x5EED

    /// Pseudo-words ("kavo", "relisu", …) drawn from a fixed alphabet, so queries can use them.
    static func vocabulary(size: Int) -> [String] {
        let consonants = Array("bdfgklmnprstvz"), vowels = Array("aeiou")
        var generator = Xorshift(seed: 99)
        return (0..<size).map { _ in
            let syllables = 2 + Int(generator.next() % 3)
            return String((0..<syllables).flatMap { _ in
                [consonants[Int(generator.next() % UInt64(consonants.count))], vowels[Int(generator.next() % 5)]]
            })
        }
    }

    /// Writes the corpus into a fresh store at `path`, in one collection named "bench" that
    /// claims the built-in embedder, so `codex ask` on it takes the hybrid path.
    func build(at path: String) throws -> (vocabulary: [String], seconds: Double) {
        try? FileManager.default.removeItem(atPath: path)
        let start = Date()
        let database = try CodexDatabase.open(at: path)
        let vocabulary = Self.vocabulary(size: 20_000)
        var generator = Xorshift(seed: seed)
        // Zipf: rank r drawn with probability ∝ 1/r, via the inverse of the harmonic CDF.
        let harmonic = (1...vocabulary.count).reduce(0.0) { $0 + 1 / Double($1) }
        func word() -> String {
            let u = Double(generator.next() % 1_000_000) / 1_000_000 * harmonic
            let rank = min(vocabulary.count, max(1, Int(exp(u - 0.5772))))
            return vocabulary[rank - 1]
        }
        let documents = max(1, chunks / 20)
        try database.writeSync { db in
            var collection = CollectionRecord(name: "bench", embedder: "builtin:all-minilm-l6-v2", dimension: dimension)
            try collection.insert(db)
            var remaining = chunks
            for number in 0..<documents {
                let count = number == documents - 1 ? remaining : chunks / documents
                remaining -= count
                var document = DocumentRecord(
                    collectionId: collection.id!, path: "/bench/doc\(number).md", sha256: "", size: 0, mtimeNs: 0,
                    kind: "markdown", chunkCount: count)
                try document.insert(db)
                for ordinal in 0..<count {
                    let lines = (0..<10).map { _ in (0..<(wordsPerChunk / 10)).map { _ in word() }.joined(separator: " ") }
                    var chunk = ChunkRecord(
                        documentId: document.id!, ordinal: ordinal, startLine: ordinal * 10 + 1,
                        endLine: ordinal * 10 + 10, heading: word() + " " + word(), text: lines.joined(separator: "\n"),
                        tokenCount: wordsPerChunk)
                    try chunk.insert(db)
                    try VectorRecord(chunkId: chunk.id!, collectionId: collection.id!, vector: randomUnitVector(&generator))
                        .insert(db)
                }
            }
        }
        return (vocabulary, Date().timeIntervalSince(start))
    }

    func randomUnitVector(_ generator: inout Xorshift) -> [Float] {
        let raw = (0..<dimension).map { _ in Float(generator.next() % 2_000_001) / 1_000_000 - 1 }
        let norm = sqrt(raw.reduce(0) { $0 + $1 * $1 })
        return raw.map { $0 / norm }
    }
}

struct Xorshift {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 1 : seed }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}
