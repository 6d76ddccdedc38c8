extension BarStore {
    /// What ``BarStore/commit(chunkID:instrumentID:barSize:whatToShow:bars:anomalyCount:)`` did.
    public enum CommitOutcome: Sendable, Hashable, CustomStringConvertible {
        /// The bars were upserted and the chunk is now `done` (or `empty`, with no bars), in one transaction;
        /// `revised` of them were stored before with other values (IB revised them).
        case committed(ChunkState, barCount: Int, revised: Int = 0)
        /// The chunk was already `done`, `empty` or `cancelled`; nothing was written. For a redelivered chunk this
        /// is the cheap path: ack it and move on.
        case alreadyFinished(ChunkState)

        /// The chunk's state after the call.
        public var state: ChunkState {
            switch self {
            case .committed(let state, _, _): state
            case .alreadyFinished(let state): state
            }
        }

        /// `committed done (1950 bars)` or `already finished (cancelled)`.
        public var description: String {
            switch self {
            case .committed(let state, let barCount, 0): "committed \(state.rawValue) (\(barCount) bars)"
            case .committed(let state, let barCount, let revised):
                "committed \(state.rawValue) (\(barCount) bars, \(revised) revised)"
            case .alreadyFinished(let state): "already finished (\(state.rawValue))"
            }
        }
    }
}
