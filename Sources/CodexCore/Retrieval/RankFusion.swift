/// Reciprocal rank fusion: each list adds `weight / (k + rank)` to the items it ranks (rank from 1).
///
/// RRF needs no score calibration between BM25 and cosine, which live on unrelated scales; k = 60
/// is the constant from the original paper and works across corpora. Ties are broken by id, so
/// the order is stable.
public func fuseRanks(_ lists: [(ids: [Int64], weight: Double)], k: Double = 60) -> [(id: Int64, score: Double)] {
    var scores: [Int64: Double] = [:]
    for list in lists {
        for (offset, id) in list.ids.enumerated() {
            scores[id, default: 0] += list.weight / (k + Double(offset + 1))
        }
    }
    return scores.map { (id: $0.key, score: $0.value) }
        .sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
}
