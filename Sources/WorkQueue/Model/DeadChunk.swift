/// One entry of the dead-letter zset, as listed by ``WorkQueue/listDead(offset:count:)``.
public struct DeadChunk: Sendable, Hashable {
    /// The chunk id.
    public let id: String
    /// When it was dead-lettered.
    public let diedAt: RedisTime
    /// Its record, with ``ChunkRecord/lastError`` holding IB's code and text.
    public let record: ChunkRecord

    public init(id: String, diedAt: RedisTime, record: ChunkRecord) {
        self.id = id
        self.diedAt = diedAt
        self.record = record
    }
}

/// One page of the dead-letter zset.
public struct DeadChunkPage: Sendable, Hashable {
    /// How many chunks are dead in all.
    public let total: Int
    /// This page's chunks, oldest death first.
    public let chunks: [DeadChunk]

    public init(total: Int, chunks: [DeadChunk]) {
        self.total = total
        self.chunks = chunks
    }
}
