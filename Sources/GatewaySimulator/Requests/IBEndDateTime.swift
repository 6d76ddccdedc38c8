import MarketCalendar

/// Reads the `endDateTime` forms IB accepts (ib-protocol.md §3.1) into epoch seconds (UTC).
enum IBEndDateTime {
    enum Parsed: Equatable {
        case now
        case utc(Int64)
        /// The deprecated form without a zone: read in the gateway's zone, with warning 2174.
        case implicitZone(Int64)
    }

    /// Zones the simulator knows: UTC and the two US zones IB instruments use.
    static func utc(date: CivilDate, secondsOfDay: Int64, zone: String) -> Int64? {
        switch zone {
        case "UTC", "GMT", "Etc/UTC", "Z": date.utcMidnight + secondsOfDay
        case "US/Eastern", "America/New_York", "EST", "EDT", "EST5EDT":
            USTimeZone.eastern.utcInstant(date: date, secondsOfDay: secondsOfDay)
        case "US/Central", "America/Chicago", "CST", "CDT", "CST6CDT":
            USTimeZone.central.utcInstant(date: date, secondsOfDay: secondsOfDay)
        default: nil
        }
    }

    static func parse(_ text: String) -> Parsed? {
        if text.isEmpty { return .now }
        let characters = Array(text)
        guard characters.count >= 17, let (date, seconds) = wallClock(Array(characters[0..<17])) else { return nil }
        if characters.count == 17, characters[8] == "-" {
            return utc(date: date, secondsOfDay: seconds, zone: "UTC").map { .utc($0) }
        }
        guard characters[8] == " " else { return nil }
        if characters.count == 17 {
            // The gateway's own zone; the simulator's login zone is New York, like most US accounts.
            return utc(date: date, secondsOfDay: seconds, zone: "US/Eastern").map { .implicitZone($0) }
        }
        guard characters[17] == " " else { return nil }
        return utc(date: date, secondsOfDay: seconds, zone: String(characters[18...])).map { .utc($0) }
    }

    /// `yyyyMMdd?HH:mm:ss` (the separator is checked by the caller).
    private static func wallClock(_ c: [Character]) -> (CivilDate, Int64)? {
        func number(_ range: Range<Int>) -> Int? { Int(String(c[range])) }
        guard c[11] == ":", c[14] == ":", let date = CivilDate(yyyyMMdd: String(c[0..<8])),
            let hour = number(9..<11), let minute = number(12..<14), let second = number(15..<17),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        return (date, Int64(hour * 3600 + minute * 60 + second))
    }

    /// IB's text for error 10314.
    static let invalidText =
        "End Date/Time: The date, time, or time-zone entered is invalid. The correct format is yyyymmdd hh:mm:ss xx/xxxx where yyyymmdd and xx/xxxx are optional. E.g.: 20031126 15:59:00 US/Eastern  Note that there is a space between the date and time, and between the time and time-zone.  If no date is specified, current date is assumed. If no time-zone is specified, local time-zone is assumed(deprecated).  You can also provide yyyymmddd-hh:mm:ss time is in UTC. Note that there is a dash between the date and time in UTC notation."
}
