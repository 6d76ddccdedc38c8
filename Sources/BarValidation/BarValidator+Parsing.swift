import MarketCalendar
import TWSProtocol

extension BarValidator {
    /// How far a bar's data may lie from its start: intraday bars cover `[start, start + size)`; a bar dated by a
    /// session or period (daily and longer) may hold data from a period and a day before its date to a period and a
    /// day after it (see the type's documentation).
    var reach: (before: Int64, after: Int64) {
        guard barSize.isDaily else {
            return (0, Int64(barSize.seconds))
        }
        // BarSizeSetting counts a month as 30 days; a calendar month can have 31.
        let period: Int64 = barSize == .oneMonth ? 31 * 86_400 : Int64(barSize.seconds)
        return (period + 86_400, period + 86_400)
    }

    /// The bar's start in UTC epoch seconds, or nil when its date is not in the form the bar size calls for.
    func start(of date: String) -> Int64? {
        var date = date
        let isDaily = barSize.isDaily
        return date.withUTF8 { bytes in
            isDaily ? Self.dailyStart(bytes) : Self.epochSeconds(bytes)
        }
    }

    /// `yyyyMMdd` (exactly eight digits, a real calendar date) as 00:00 UTC of that date.
    private static func dailyStart(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count == 8 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        guard let date = CivilDate(year: value / 10_000, month: value / 100 % 100, day: value % 100) else {
            return nil
        }
        return date.utcMidnight
    }

    /// Epoch seconds: an optional `-` and 1…15 digits (15 digits reach far past year 9999).
    private static func epochSeconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            index = 1
        }
        let digits = bytes.count - index
        guard digits >= 1, digits <= 15 else { return nil }
        var value: Int64 = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            index += 1
        }
        return negative ? -value : value
    }

    /// The bar's numbers checked and mapped to what is stored, or nil when one is not decimal text (or a volume is
    /// negative other than IB's `-1`).
    static func numbers(of bar: Bar, start: Int64) -> CheckedBar? {
        guard let open = DecimalText.value(bar.open),
            let high = DecimalText.value(bar.high),
            let low = DecimalText.value(bar.low),
            let close = DecimalText.value(bar.close),
            let volume = DecimalText.value(bar.volume),
            let wap = DecimalText.value(bar.wap)
        else {
            return nil
        }
        let noVolume = volume == -1
        guard noVolume || volume >= 0 else { return nil }
        let stored = StoredBar(
            start: start,
            open: bar.open,
            high: bar.high,
            low: bar.low,
            close: bar.close,
            volume: noVolume ? nil : bar.volume,
            wap: noVolume && wap == -1 ? nil : bar.wap,
            count: bar.count < 0 ? nil : bar.count
        )
        // `low ≤ high` follows from the two ranges below when they hold.
        let consistent = low <= open && open <= high && low <= close && close <= high
        return CheckedBar(bar: stored, isConsistent: consistent)
    }

    /// A bar whose numbers parse, and whether its prices agree with each other.
    struct CheckedBar {
        var bar: StoredBar
        var isConsistent: Bool
    }
}
