/// Picks the `k` largest scores without sorting them all: O(n log k).
enum TopK {
    static func select(_ k: Int, from scores: [Float]) -> [(index: Int, score: Float)] {
        guard k > 0 else { return [] }
        // A min-heap of the best k seen so far; its root is the one to beat.
        var heap: [(index: Int, score: Float)] = []
        heap.reserveCapacity(k)
        for (index, score) in scores.enumerated() {
            if heap.count < k {
                heap.append((index, score))
                siftUp(&heap, heap.count - 1)
            } else if score > heap[0].score || (score == heap[0].score && index < heap[0].index) {
                heap[0] = (index, score)
                siftDown(&heap, 0)
            }
        }
        return heap.sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
    }

    /// Heap order: lower score first; on ties the larger index is evicted first, so results are stable.
    private static func less(_ a: (index: Int, score: Float), _ b: (index: Int, score: Float)) -> Bool {
        a.score != b.score ? a.score < b.score : a.index > b.index
    }

    private static func siftUp(_ heap: inout [(index: Int, score: Float)], _ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private static func siftDown(_ heap: inout [(index: Int, score: Float)], _ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, less(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, less(heap[right], heap[smallest]) { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
