import Synchronization

/// What a worker has done so far, for its exit summary and for tests.
public struct WorkerCounters: Sendable, Hashable, CustomStringConvertible {
    public var outcomes: [String: Int] = [:]
    public var bars = 0
    public var ticks = 0
    /// Tick pages stored (each one IB request).
    public var tickPages = 0

    public var description: String {
        let parts = outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        return "chunks: " + (parts.isEmpty ? "none" : parts.joined(separator: ", ")) + "; bars: \(bars)"
            + (tickPages > 0 ? "; ticks: \(ticks) in \(tickPages) pages" : "")
    }

    mutating func record(_ outcome: ChunkOutcome) {
        switch outcome {
        case .done(let count): bars += count
        case .pageDone(let count): (ticks, tickPages) = (ticks + count, tickPages + 1)
        default: break
        }
        outcomes[outcome.name, default: 0] += 1
    }
}
