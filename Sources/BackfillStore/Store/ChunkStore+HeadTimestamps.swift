import PQKit
import TWSProtocol

extension ChunkStore {
    /// One cached answer to `reqHeadTimestamp` for an instrument, what-to-show and useRTH.
    ///
    /// A `nil` ``headTime`` records that IB said it has no data at all for that what-to-show (error 162 "HMDS
    /// query returned no data", or an empty answer). The planner does not skip anything because of it: such an
    /// instrument is planned without a head timestamp, so its chunks come back empty (or fail with IB's code)
    /// where everyone can see them, instead of vanishing from the plan on one answer that may be wrong or out of
    /// date. The entry only spares IB the question again; callers ask anew once it is older than they trust
    /// (see ``fetchedAt``). A head timestamp, once known, does not move later, so a non-nil entry is kept.
    public struct HeadTimestampEntry: Sendable, Hashable {
        /// IB's earliest data, UTC epoch seconds; nil when IB said there is none.
        public var headTime: Int64?
        /// When IB was asked, UTC epoch seconds (PostgreSQL's clock).
        public var fetchedAt: Int64

        /// Creates an entry.
        ///
        /// - Parameters:
        ///   - headTime: IB's earliest data, or nil for "no data".
        ///   - fetchedAt: When IB was asked.
        public init(headTime: Int64?, fetchedAt: Int64) {
            self.headTime = headTime
            self.fetchedAt = fetchedAt
        }
    }

    /// The cached head timestamps of `contracts` for one what-to-show and useRTH.
    ///
    /// Contracts without an entry are absent from the result. Instruments missing from `instruments` are created
    /// (as planning does anyway).
    ///
    /// - Parameters:
    ///   - contracts: The instruments.
    ///   - whatToShow: IB's what-to-show, as asked (upper case).
    ///   - useRTH: IB's useRTH, as asked.
    /// - Returns: An entry per contract that has one.
    /// - Throws: ``PostgresError``.
    public func cachedHeadTimestamps(
        for contracts: [Contract],
        whatToShow: String,
        useRTH: Bool
    ) async throws -> [Contract: HeadTimestampEntry] {
        guard !contracts.isEmpty else { return [:] }
        let ids = try await existingInstrumentIDs(for: contracts)
        let rows = try await database.query(
            """
            SELECT instrument_id, extract(epoch FROM head_time)::bigint AS head_time,
                   floor(extract(epoch FROM fetched_at))::bigint AS fetched_at
            FROM head_timestamps
            WHERE instrument_id = ANY($1::bigint[]) AND what_to_show = $2 AND use_rth = $3
            """,
            [Self.arrayLiteral(Array(Set(ids.values)).map { Optional($0) }), whatToShow, useRTH]
        ).rows
        var byInstrument: [Int64: HeadTimestampEntry] = [:]
        for row in rows {
            byInstrument[try row.decode(Int64.self, "instrument_id")] = HeadTimestampEntry(
                headTime: try row.decode(Int64?.self, "head_time"),
                fetchedAt: try row.decode(Int64.self, "fetched_at")
            )
        }
        var entries: [Contract: HeadTimestampEntry] = [:]
        for (contract, id) in ids {
            entries[contract] = byInstrument[id]
        }
        return entries
    }

    /// Records what IB answered, replacing earlier answers for the same instrument, what-to-show and useRTH.
    ///
    /// - Parameters:
    ///   - headTimestamps: UTC epoch seconds per contract; a nil value records "IB has no data".
    ///   - whatToShow: IB's what-to-show, as asked (upper case).
    ///   - useRTH: IB's useRTH, as asked.
    /// - Throws: ``PostgresError``.
    public func saveHeadTimestamps(
        _ headTimestamps: [Contract: Int64?],
        whatToShow: String,
        useRTH: Bool
    ) async throws {
        guard !headTimestamps.isEmpty else { return }
        let ids = try await instrumentIDs(for: Array(headTimestamps.keys))
        var byInstrument: [Int64: Int64?] = [:]
        for (contract, head) in headTimestamps {
            guard let id = ids[contract] else { continue }
            byInstrument[id] = head
        }
        let pairs = byInstrument.sorted { $0.key < $1.key }
        try await database.query(
            """
            INSERT INTO head_timestamps (instrument_id, what_to_show, use_rth, head_time, fetched_at)
            SELECT instrument_id, $3, $4, to_timestamp(head_time), now()
            FROM unnest($1::bigint[], $2::bigint[]) AS answers (instrument_id, head_time)
            ON CONFLICT (instrument_id, what_to_show, use_rth) DO UPDATE
                SET head_time = EXCLUDED.head_time, fetched_at = EXCLUDED.fetched_at
            """,
            [
                Self.arrayLiteral(pairs.map { Optional($0.key) }), Self.arrayLiteral(pairs.map(\.value)), whatToShow,
                useRTH,
            ]
        )
    }

    /// A `bigint[]` literal (`{1,NULL,3}`): PQKit sends parameters as text.
    private static func arrayLiteral(_ values: [Int64?]) -> String {
        "{" + values.map { $0.map(String.init) ?? "NULL" }.joined(separator: ",") + "}"
    }
}
