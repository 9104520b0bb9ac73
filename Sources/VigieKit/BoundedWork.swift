import Foundation

/// Runs `work` on every item with at most `jobs` in flight, so that at most `jobs` images are in
/// memory at once; results come back in input order. `progress` is told (0, total) before the first
/// and (done, total) after each.
func boundedMap<Item: Sendable, Result: Sendable>(
    _ items: [Item], jobs: Int, progress: (@Sendable (Int, Int) -> Void)?, _ work: @escaping @Sendable (Int, Item) -> Result
) async -> [Result] {
    var results = [Result?](repeating: nil, count: items.count)
    await withTaskGroup(of: (Int, Result).self) { group in
        var next = 0
        var done = 0
        func submit() {
            guard next < items.count else { return }
            let index = next
            let item = items[index]
            next += 1
            group.addTask { (index, work(index, item)) }
        }
        if !items.isEmpty { progress?(0, items.count) }
        for _ in 0..<Swift.max(1, jobs) { submit() }
        for await (index, result) in group {
            results[index] = result
            done += 1
            progress?(done, items.count)
            submit()
        }
    }
    return results.compactMap { $0 }
}
