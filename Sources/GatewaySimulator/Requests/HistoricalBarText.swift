import Foundation
import MarketCalendar
import TWSProtocol

/// How the simulator writes generated bars and ticks on the wire.
enum HistoricalBarText {
    /// Daily and longer bars are `yyyyMMdd` whatever formatDate says; intraday bars are epoch seconds for
    /// formatDate 2 and `yyyyMMdd HH:mm:ss <zone>` in the instrument's zone for formatDate 1 (ib-protocol.md §3.2).
    static func bar(_ bar: SimulatedBar, daily: Bool, formatDate: Int, timeZone: String) -> Bar {
        let date: String
        if daily {
            date = CivilDate(utcEpochSeconds: bar.start).yyyyMMdd
        } else if formatDate == 2 {
            date = "\(bar.start)"
        } else {
            let zone: USTimeZone = timeZone.contains("Central") || timeZone.contains("Chicago") ? .central : .eastern
            let seconds = zone.localSecondsOfDay(at: bar.start)
            date = "\(zone.localDate(at: bar.start).yyyyMMdd) \(clock(seconds)) \(zone.identifier)"
        }
        return Bar(
            date: date,
            open: bar.open,
            high: bar.high,
            low: bar.low,
            close: bar.close,
            volume: bar.volume,
            wap: bar.wap,
            count: bar.count
        )
    }

    /// The start and end of historicalDataEnd (opaque to clients): `yyyyMMdd-HH:mm:ss` in UTC.
    static func windowText(_ seconds: Int64) -> String {
        let day = ((seconds % 86400) + 86400) % 86400
        return "\(CivilDate(utcEpochSeconds: seconds).yyyyMMdd)-\(clock(day))"
    }

    static func tick(_ tick: SimulatedTick, kind: HistoricalTick.Kind) -> HistoricalTick {
        switch kind {
        case .bidAsk:
            HistoricalTick(
                time: tick.time,
                price: tick.bidPrice ?? tick.price,
                size: tick.bidSize ?? tick.size,
                askPrice: tick.askPrice ?? tick.price,
                askSize: tick.askSize ?? tick.size
            )
        case .midpoint:
            HistoricalTick(time: tick.time, price: tick.price, size: "0")
        case .trade:
            HistoricalTick(time: tick.time, price: tick.price, size: tick.size, exchange: "NASDAQ")
        }
    }

    private static func clock(_ secondsOfDay: Int64) -> String {
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(secondsOfDay / 3600)):\(two(secondsOfDay % 3600 / 60)):\(two(secondsOfDay % 60))"
    }
}
