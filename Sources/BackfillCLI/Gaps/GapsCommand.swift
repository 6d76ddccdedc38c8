import ArgumentParser
import BackfillStore
import ChunkPlanning
import CommandCore
import Foundation
import Logging
import MarketCalendar
import PQKit
import TWSProtocol

struct GapsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract:
            "Where stored bars are missing, and why: never fetched, IB had no data, dead-lettered, missing in a session.",
        discussion: """
            Compares the stored bars with the sessions of each instrument's calendar (closed ones only) and with the \
            chunks' states. --enqueue queues what can be filled: time never fetched, and one re-fetch of each \
            session with bars missing inside it. IB's "no data" would only repeat; a dead chunk needs its cause \
            fixed and `backfill retry`.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var series: FollowSeriesOptions

    @Option(help: "First day (UTC) or timestamp to check (default: the series' first chunk).")
    var from: String?

    @Option(help: "Last day (UTC, inclusive) or timestamp to check (default: now).")
    var to: String?

    @Flag(help: "One JSON object.")
    var json = false

    @Flag(help: "Queue chunks for the fillable gaps (needs Redis too); prints what was queued.")
    var enqueue = false

    @Option(parsing: .unconditional, help: "Queue priority of what --enqueue queues.")
    var priority = 0

    func run() async throws {
        let (settings, logger) = try connection.resolve()
        let parsed = try series.parsed()
        guard case .bars(let barSize, let whatToShow) = parsed.series else {
            CommandFailure.print("gaps compares bars; give --bar (with --what), not --ticks.")
            throw ExitCode(2)
        }
        let now = try settings.now()
        var given: (from: Int64?, to: Int64?) = (nil, nil)
        do {
            if let from, let to {
                let range = try DateRangeInput(from: from, to: to)
                given = (range.start, range.end)
            } else if let from {
                given.from = try DateRangeInput(from: from, to: "2199-12-31").start
            } else if let to {
                given.to = try DateRangeInput(from: "1970-01-01", to: to).end
            }
        } catch {
            CommandFailure.print(error.message)
            throw ExitCode(2)
        }
        if let start = given.from, start >= min(given.to ?? now, now) {
            CommandFailure.print("--from is in the future; nothing has closed there yet.")
            throw ExitCode(2)
        }
        try await FleetServices.withDatabase(settings, logger: logger) { store in
            var reports: [SeriesGapReport] = []
            for (contract, symbol) in zip(parsed.contracts, parsed.symbols) {
                reports.append(
                    try await Self.report(
                        store: store,
                        contract: contract,
                        symbol: symbol,
                        barSize: barSize,
                        whatToShow: whatToShow,
                        useRTH: parsed.useRTH,
                        given: given,
                        now: now
                    )
                )
            }
            var filled: (rows: Int, queued: Int, backfillID: String)?
            if enqueue {
                filled = try await fill(reports, settings: settings, logger: logger, now: now)
            }
            if json {
                var object: [String: Any] = ["series": reports.map(\.json)]
                object["enqueued"] =
                    filled.map { ["chunks": $0.rows, "queued": $0.queued, "backfill": $0.backfillID] as [String: Any] }
                    ?? NSNull()
                let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(reports.map(\.text).joined(separator: "\n"))
                if let filled {
                    print(
                        "enqueued \(filled.rows) new chunk(s) for the fillable gaps (backfill \(filled.backfillID)), \(filled.queued) new in the queue"
                    )
                }
                let dead = reports.flatMap(\.gaps).filter { if case .deadLettered = $0.cause { true } else { false } }
                if !dead.isEmpty {
                    print("dead-lettered chunks come back with `backfill retry --chunk ID` once their cause is fixed")
                }
            }
        }
    }

    static func report(
        store: ChunkStore,
        contract: Contract,
        symbol: String,
        barSize: BarSizeSetting,
        whatToShow: String,
        useRTH: Bool,
        given: (from: Int64?, to: Int64?),
        now: Int64
    ) async throws -> SeriesGapReport {
        var report = SeriesGapReport(
            symbol: symbol,
            contract: contract,
            barSize: barSize,
            whatToShow: whatToShow,
            useRTH: useRTH,
            range: nil,
            sessions: 0,
            gaps: []
        )
        let earliest = try await store.earliestChunkStart(
            contract: contract,
            barSize: barSize.ibName,
            whatToShow: whatToShow,
            useRTH: useRTH
        )
        guard var from = given.from ?? earliest else { return report }
        let to = min(given.to ?? now, now)
        // Time IB keeps nothing for is not a gap: before the head timestamp, when known, and bars of 30 seconds or
        // less older than six months.
        if let head = try await store.cachedHeadTimestamps(for: [contract], whatToShow: whatToShow, useRTH: useRTH)[
            contract
        ]?.headTime {
            from = max(from, head)
        }
        if barSize.seconds <= 30 { from = max(from, now - 183 * 86_400) }
        report.range = from..<max(from, to)
        let sessions = ExpectedSession.sessions(
            kind: SessionKind(contract: contract),
            useRTH: useRTH,
            from: from,
            to: to
        )
        report.sessions = sessions.count
        guard let first = sessions.first, let last = sessions.last else { return report }
        let inputs = try await store.gapInputs(
            contract: contract,
            barSize: barSize,
            whatToShow: whatToShow,
            useRTH: useRTH,
            from: first.interval.lowerBound,
            to: last.interval.upperBound
        )
        report.gaps = GapFinder.gaps(
            sessions: sessions,
            barSeconds: Int64(barSize.seconds),
            daily: barSize.isDaily,
            chunks: inputs.chunks,
            barStarts: inputs.barStarts
        )
        return GapFilling.markingRefetched(report, now: now)
    }

    /// Records and queues the chunks that fill the fillable gaps, under one backfill per gaps request.
    private func fill(
        _ reports: [SeriesGapReport],
        settings: Settings,
        logger: Logger,
        now: Int64
    ) async throws
        -> (rows: Int, queued: Int, backfillID: String)
    {
        try await FleetServices.with(settings, logger: logger) { services in
            let learned = try await RequestSizeStore(database: services.store.database).limits()
            let planner = Planner(configuration: Planner.Configuration(learnedSizes: learned))
            var rows: [ChunkRow] = []
            for report in reports {
                let planned = try await services.store.coveredRanges(
                    contract: report.contract,
                    barSize: report.barSize.ibName,
                    whatToShow: report.whatToShow,
                    useRTH: report.useRTH,
                    including: .planned
                )
                do {
                    rows += try GapFilling.rows(for: report, planned: planned, now: now, planner: planner)
                } catch let error as PlanningError {
                    CommandFailure.print(error.description)
                    throw ExitCode(2)
                }
            }
            let ranges = reports.compactMap(\.range)
            let backfillID = ChunkID.stableHash(
                ["gaps-v1"] + reports.map(\.seriesID)
                    + ranges.map { "\($0.lowerBound)-\($0.upperBound)" }
            )
            guard !rows.isEmpty, let first = reports.first,
                let start = ranges.map(\.lowerBound).min(), let end = ranges.map(\.upperBound).max()
            else { return (0, 0, backfillID) }
            let backfill = BackfillRecord(
                id: backfillID,
                name:
                    "gaps \(reports.map(\.symbol).joined(separator: ",")) \(first.barSize.ibName) \(first.whatToShow)",
                barSize: first.barSize.ibName,
                whatToShow: first.whatToShow,
                useRTH: first.useRTH,
                rangeStart: start,
                rangeEnd: end,
                priority: priority
            )
            let recorded = try await services.store.record(backfill, chunks: rows)
            let pending = try await services.store.pendingChunkIDs(backfillID: backfillID)
            let queued = try await services.push(pending, backfillID: backfillID, priority: priority)
            return (recorded.newChunkIDs.count, queued, backfillID)
        }
    }
}
