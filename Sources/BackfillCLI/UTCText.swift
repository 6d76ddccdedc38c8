import MarketCalendar

/// UTC instants as people read them in listings: `2024-03-12 20:00 UTC` (seconds shown only when not zero).
enum UTCText {
    static func minute(_ epochSeconds: Int64) -> String {
        let day = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let second = Int(epochSeconds - day * 86_400)
        let parts = [second / 3_600, second / 60 % 60] + (second % 60 == 0 ? [] : [second % 60])
        let time = parts.map { $0 < 10 ? "0\($0)" : "\($0)" }.joined(separator: ":")
        let date = CivilDate(daysSinceEpoch: Int(day)).yyyyMMdd
        return "\(date.prefix(4))-\(date.dropFirst(4).prefix(2))-\(date.suffix(2)) \(time) UTC"
    }
}
