import ChunkPlanning
import Foundation
import TWSProtocol

/// The gaps of one instrument's series over a range, as `backfill gaps` prints them.
struct SeriesGapReport {
    var symbol: String
    var contract: Contract
    var barSize: BarSizeSetting
    var whatToShow: String
    var useRTH: Bool
    /// The range compared, UTC epoch seconds; `nil` when nothing was recorded and no range was given.
    var range: Range<Int64>?
    var sessions: Int
    var gaps: [SeriesGap]

    /// The series' identity (the id a subscription to it has), for ids derived from what was asked.
    var seriesID: String {
        FollowSpec(
            contract: contract,
            symbol: symbol,
            series: .bars(barSize, whatToShow: whatToShow),
            useRTH: useRTH,
            dataFrom: 0
        )
        .id
    }

    var title: String {
        "\(symbol) \(barSize.ibName) \(whatToShow)\(useRTH ? " RTH" : "")"
    }

    /// A header line, then one line per gap.
    var text: String {
        guard let range else {
            return "\(title): nothing recorded for this series; give --from and --to to see what is missing"
        }
        let header =
            "\(title), \(UTCText.minute(range.lowerBound)) to \(UTCText.minute(range.upperBound)): "
            + (gaps.isEmpty
                ? "no gaps in \(sessions) session(s)" : "\(gaps.count) gap(s) in \(sessions) session(s)")
        let lines = gaps.map { gap in
            var line = "  \(UTCText.minute(gap.interval.lowerBound)) – \(UTCText.minute(gap.interval.upperBound))  "
            line += "\(gap.cause); \(gap.sessions) session(s), \(gap.missingBars) bar(s)"
            if !gap.chunkIDs.isEmpty {
                line += "; chunk \(gap.chunkIDs.map { String($0.prefix(12)) }.joined(separator: ", "))"
            }
            if gap.cause.isFillable { line += " [fillable]" }
            return line
        }
        return ([header] + lines).joined(separator: "\n")
    }

    var json: [String: Any] {
        [
            "symbol": symbol, "barSize": barSize.ibName, "whatToShow": whatToShow, "useRTH": useRTH,
            "from": range.map { $0.lowerBound as Any } ?? NSNull(),
            "to": range.map { $0.upperBound as Any } ?? NSNull(),
            "sessions": sessions,
            "gaps": gaps.map { gap -> [String: Any] in
                var object: [String: Any] = [
                    "from": gap.interval.lowerBound, "to": gap.interval.upperBound, "cause": gap.cause.name,
                    "description": gap.cause.description, "sessions": gap.sessions, "missingBars": gap.missingBars,
                    "chunks": gap.chunkIDs, "fillable": gap.cause.isFillable,
                ]
                switch gap.cause {
                case .noData(let code, let text), .deadLettered(let code, let text):
                    object["ibCode"] = code ?? NSNull()
                    object["ibText"] = text ?? NSNull()
                default:
                    break
                }
                return object
            },
        ]
    }
}
