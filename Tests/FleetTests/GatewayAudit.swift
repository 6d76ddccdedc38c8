import Foundation
import TWSProtocol

/// The simulator's audit read as an independent auditor would: which requests its rolling 10-minute rule counts,
/// timed as the gateway received them, and the busiest window they make.
enum GatewayAudit {
    /// Requests IB's small-bar rules count: historical data with bars of 30 s or less, head timestamps and
    /// historical ticks; `BID_ASK` weighs 2.
    static func strictRequests(_ events: [[String: Any]]) -> [(time: Double, weight: Int)] {
        events.compactMap { event in
            guard event["event"] as? String == "request", let message = event["message"] as? String,
                let time = (event["time"] as? String).flatMap(seconds)
            else { return nil }
            let parameters = event["parameters"] as? [String: String] ?? [:]
            switch message {
            case "reqHistoricalData":
                // An unknown bar size is judged strictly, as the simulator does.
                guard (parameters["barSize"].flatMap(BarSizeSetting.init(ibName:))?.seconds ?? 0) <= 30 else {
                    return nil
                }
            case "reqHeadTimeStamp", "reqHistoricalTicks":
                break
            default:
                return nil
            }
            return (time, parameters["whatToShow"] == "BID_ASK" ? 2 : 1)
        }
        .sorted { $0.time < $1.time }
    }

    /// The heaviest weight inside any window of `window` seconds: an event at `t` counts at `now` while
    /// `now - t < window`, the simulator's boundary.
    static func busiestWindow(_ requests: [(time: Double, weight: Int)], window: Double) -> Int {
        var busiest = 0
        var total = 0
        var start = 0
        for request in requests {
            total += request.weight
            while request.time - requests[start].time >= window {
                total -= requests[start].weight
                start += 1
            }
            busiest = max(busiest, total)
        }
        return busiest
    }

    /// `2024-01-05T21:00:00.123Z` as seconds since 1970.
    static func seconds(_ text: String) -> Double? {
        let parts = text.dropLast().split(separator: ".")
        guard parts.count == 2, let milliseconds = Double(parts[1]),
            let whole = try? Date(String(parts[0]) + "Z", strategy: .iso8601)
        else { return nil }
        return whole.timeIntervalSince1970 + milliseconds / 1000
    }
}
