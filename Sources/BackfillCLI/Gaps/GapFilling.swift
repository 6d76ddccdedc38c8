import BackfillStore
import ChunkPlanning

/// What `gaps --enqueue` queues for the fillable gaps: the planner's chunks for time never fetched, and a
/// re-fetch of each session with bars missing inside it.
enum GapFilling {
    /// The chunk rows that fill `report`'s fillable gaps.
    ///
    /// A re-fetch asks IB again for a session a finished chunk already covers, so it needs an id of its own: the
    /// planner's id for that session, salted (`refetch-v1`). Its fields are the request's as usual. Because the
    /// salt is fixed, a session is re-fetched once: running `gaps --enqueue` again finds that chunk recorded and
    /// asks IB nothing more (a real halt stays a gap, and says its chunk was fetched).
    ///
    /// - Parameters:
    ///   - report: The gaps of one series.
    ///   - planned: The windows of the series' chunks that are not cancelled (not planned again).
    ///   - now: Market time.
    ///   - planner: The planner, with the request sizes learned from gateways.
    static func rows(
        for report: SeriesGapReport,
        planned: [Range<Int64>],
        now: Int64,
        planner: Planner = Planner()
    ) throws(PlanningError)
        -> [ChunkRow]
    {
        func request(_ span: Range<Int64>) -> PlanRequest {
            PlanRequest(
                contracts: [report.contract],
                from: span.lowerBound,
                to: span.upperBound,
                barSize: report.barSize,
                whatToShow: report.whatToShow,
                useRTH: report.useRTH
            )
        }
        var covered = CoveredRanges()
        for window in planned {
            covered.insert(
                window,
                contract: report.contract,
                barSize: report.barSize,
                whatToShow: report.whatToShow,
                useRTH: report.useRTH
            )
        }
        var rows: [ChunkRow] = []
        for gap in report.gaps {
            switch gap.cause {
            case .neverFetched:
                rows += try planner.plan(request(gap.interval), now: now, covered: covered).chunks.map(ChunkRow.init)
            case .missingInFetchedSession(refetched: false):
                rows += try refetches(of: gap, report: report, now: now, planner: planner)
            case .missingInFetchedSession(refetched: true), .pending, .noData, .deadLettered:
                continue
            }
        }
        var seen: Set<String> = []
        return rows.filter { seen.insert($0.id).inserted }
    }

    /// The chunks that fetch a gap's sessions again, with their salted ids.
    static func refetches(
        of gap: SeriesGap,
        report: SeriesGapReport,
        now: Int64,
        planner: Planner = Planner()
    ) throws(PlanningError) -> [ChunkRow] {
        var rows: [ChunkRow] = []
        for session in gap.sessionSpans {
            let request = PlanRequest(
                contracts: [report.contract],
                from: session.lowerBound,
                to: session.upperBound,
                barSize: report.barSize,
                whatToShow: report.whatToShow,
                useRTH: report.useRTH
            )
            for chunk in try planner.plan(request, now: now).chunks {
                var row = ChunkRow(chunk)
                row.id = ChunkID.stableHash(["refetch-v1", chunk.id.rawValue])
                rows.append(row)
            }
        }
        return rows
    }

    /// Marks the gaps of sessions already fetched again (their re-fetch chunk is among the finished chunks over
    /// them): IB has no more there, and `--enqueue` leaves them.
    static func markingRefetched(_ report: SeriesGapReport, now: Int64) -> SeriesGapReport {
        var report = report
        report.gaps = report.gaps.map { gap in
            guard case .missingInFetchedSession(false) = gap.cause,
                let refetches = try? refetches(of: gap, report: report, now: now),
                !refetches.isEmpty, refetches.allSatisfy({ gap.chunkIDs.contains($0.id) })
            else { return gap }
            var marked = gap
            marked.cause = .missingInFetchedSession(refetched: true)
            return marked
        }
        return report
    }
}
