/// Selects the k best of n elements in O(n log k) with a bounded binary heap, instead of sorting all n.
enum TopK {
    /// Indices 0..<n of the `k` best elements, best first.
    /// - Parameters:
    ///   - k: how many to keep.
    ///   - n: number of elements.
    ///   - better: a strict total order: `better(a, b)` when a ranks before b.
    static func select(_ k: Int, of n: Int, by better: (Int, Int) -> Bool) -> [Int] {
        guard k > 0, n > 0 else { return [] }
        if n <= k { return (0..<n).sorted(by: better) }
        // heap[0] is the worst kept element: a min-heap under `better`.
        var heap: [Int] = []
        heap.reserveCapacity(k)
        func worse(_ a: Int, _ b: Int) -> Bool { better(b, a) }
        func siftUp(_ i0: Int) {
            var i = i0
            while i > 0 { let p = (i - 1) / 2; if worse(heap[i], heap[p]) { heap.swapAt(i, p); i = p } else { break } }
        }
        func siftDown(_ i0: Int) {
            var i = i0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count && worse(heap[l], heap[m]) { m = l }
                if r < heap.count && worse(heap[r], heap[m]) { m = r }
                if m == i { return }
                heap.swapAt(i, m); i = m
            }
        }
        for x in 0..<n {
            if heap.count < k { heap.append(x); siftUp(heap.count - 1) } else if better(x, heap[0]) { heap[0] = x; siftDown(0) }
        }
        return heap.sorted(by: better)
    }
}
