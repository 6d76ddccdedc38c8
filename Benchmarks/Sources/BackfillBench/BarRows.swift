/// Bar-shaped rows for the COPY benchmark: one instrument's 1-minute bars, one per minute from 2020-01-01.
struct BarRows {
    static let columns =
        "instrument_id, bar_size, what_to_show, bar_start, open, high, low, close, volume, wap, bar_count"

    /// The fields of row `index`, as text in the order of ``columns``.
    static func fields(_ index: Int) -> [String] {
        let cents = 10_000 + (index * 7_919) % 5_000
        let open = price(cents)
        let high = price(cents + 25)
        let low = price(cents - 25)
        let close = price(cents + (index % 2 == 0 ? 10 : -10))
        return [
            String(1 + index % 50), "1 min", "TRADES", timestamp(1_577_836_800 + 60 * (index / 50)),
            open, high, low, close, String(100 + index % 9_000), price(cents + 3), String(1 + index % 300),
        ]
    }

    private static func price(_ cents: Int) -> String {
        let fraction = cents % 100
        return "\(cents / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `yyyy-MM-dd HH:mm:ss+00` for seconds since 1970 (UTC), without Foundation's formatters.
    static func timestamp(_ seconds: Int) -> String {
        let days = seconds / 86_400
        let second = seconds % 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(year)-\(two(month))-\(two(day)) \(two(second / 3_600)):\(two(second % 3_600 / 60)):\(two(second % 60))+00"
    }
}
