import Synchronization

/// What a worker has done so far, for its exit summary and for tests.
public struct WorkerCounters: Sendable, Hashable, CustomStringConvertible {
    public var outcomes: [String: Int] = [:]
    public var bars = 0

    public var description: String {
        let parts = outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        return "chunks: " + (parts.isEmpty ? "none" : parts.joined(separator: ", ")) + "; bars: \(bars)"
    }

    mutating func record(_ outcome: ChunkOutcome) {
        if case .done(let count) = outcome { bars += count }
        outcomes[outcome.name, default: 0] += 1
    }
}
