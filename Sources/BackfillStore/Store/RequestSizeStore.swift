import ChunkPlanning
import PQKit
import TWSProtocol

/// The request sizes gateways taught the fleet, in `request_sizes`: per bar size and instrument kind, the largest
/// window answered in full and the smallest refused, timed out on or cut short (``RequestSizeRecord``).
///
/// Each update is one atomic upsert, so workers learning at once never lose each other's lesson. A refusal is
/// remembered for a week (`refused_at`): then the table's size is tried again, so a gateway that timed out once
/// under load does not shrink every later request for good, and a gateway that really is stricter costs one more
/// refusal a week.
public struct RequestSizeStore: Sendable {
    public let database: any PostgresClient

    public init(database: any PostgresClient) {
        self.database = database
    }

    /// Everything learned, for the planner (``ChunkPlanning/Planner/Configuration/learnedSizes``) and the worker.
    ///
    /// Rows whose bar size or security type this release does not know are skipped.
    public func limits() async throws -> RequestSizeLimits {
        var records: [RequestSizeKey: RequestSizeRecord] = [:]
        for row in try await database.query(
            """
            SELECT bar_size, sec_type, use_rth, largest_worked,
                   CASE WHEN refused_at >= now() - interval '7 days' THEN smallest_refused END AS smallest_refused
            FROM request_sizes
            """
        ).rows {
            guard let barSize = BarSizeSetting(ibName: try row.decode(String.self, "bar_size")),
                let secType = SecurityType(rawValue: try row.decode(String.self, "sec_type"))
            else { continue }
            let key = RequestSizeKey(barSize: barSize, secType: secType, useRTH: try row.decode(Bool.self, "use_rth"))
            records[key] = RequestSizeRecord(
                largestWorked: try row.decode(Int64?.self, "largest_worked"),
                smallestRefused: try row.decode(Int64?.self, "smallest_refused")
            )
        }
        return RequestSizeLimits(records)
    }

    /// Records that a window of `seconds` was answered in full (``RequestSizeRecord/worked(_:)``).
    ///
    /// - Returns: The record after the update.
    @discardableResult
    public func recordWorked(_ key: RequestSizeKey, seconds: Int64) async throws -> RequestSizeRecord {
        try Self.record(
            try await database.query(
                """
                INSERT INTO request_sizes (bar_size, sec_type, use_rth, largest_worked) VALUES ($1, $2, $3, $4)
                ON CONFLICT (bar_size, sec_type, use_rth) DO UPDATE SET
                    smallest_refused = CASE WHEN request_sizes.smallest_refused <= $4
                                              OR request_sizes.refused_at < now() - interval '7 days' THEN NULL
                                            ELSE request_sizes.smallest_refused END,
                    largest_worked = GREATEST(coalesce(request_sizes.largest_worked, 0), $4),
                    updated_at = now()
                RETURNING largest_worked, smallest_refused
                """,
                [key.barSize.ibName, key.secType.rawValue, key.useRTH, seconds]
            ).singleRow()
        )
    }

    /// Records that a window of `seconds` failed for its size (``RequestSizeRecord/refused(_:)``).
    ///
    /// - Parameter reason: IB's answer, or what the worker saw (a timeout, a reply cut short).
    /// - Returns: The record after the update.
    @discardableResult
    public func recordRefused(_ key: RequestSizeKey, seconds: Int64, reason: String) async throws -> RequestSizeRecord {
        try Self.record(
            try await database.query(
                """
                INSERT INTO request_sizes (bar_size, sec_type, use_rth, smallest_refused, refused_reason, refused_at)
                VALUES ($1, $2, $3, $4, $5, now())
                ON CONFLICT (bar_size, sec_type, use_rth) DO UPDATE SET
                    smallest_refused = CASE WHEN request_sizes.refused_at < now() - interval '7 days' THEN $4
                                            ELSE LEAST(coalesce(request_sizes.smallest_refused, $4), $4) END,
                    largest_worked = CASE WHEN request_sizes.largest_worked >= $4 THEN NULL
                                          ELSE request_sizes.largest_worked END,
                    refused_reason = $5,
                    refused_at = now(),
                    updated_at = now()
                RETURNING largest_worked, smallest_refused
                """,
                [key.barSize.ibName, key.secType.rawValue, key.useRTH, seconds, reason]
            ).singleRow()
        )
    }

    private static func record(_ row: PostgresRow?) throws -> RequestSizeRecord {
        RequestSizeRecord(
            largestWorked: try row?.decode(Int64?.self, "largest_worked"),
            smallestRefused: try row?.decode(Int64?.self, "smallest_refused")
        )
    }
}
