import MarketCalendar

extension SimulatedInstrument {
    /// How many days of hours contract details list, starting with the exchange's current day, as IB does.
    static let listedHoursDays = 7

    /// IB's `tradingHours` (every session, extended hours included) for the week from `now`, in ``timeZoneId``.
    ///
    /// IB's format since TWS 970: `yyyyMMdd:HHmm-yyyyMMdd:HHmm` per trading day, with the close's own date (an
    /// overnight futures session opens the evening before), and `yyyyMMdd:CLOSED` for a day without a session,
    /// separated by `;`. Derived from the same calendar that decides which bars exist, holidays included.
    func tradingHours(now: Int64) -> String {
        hoursText(now: now, regularHoursOnly: false)
    }

    /// IB's `liquidHours`: the regular sessions only, in the same format.
    func liquidHours(now: Int64) -> String {
        hoursText(now: now, regularHoursOnly: true)
    }

    private func hoursText(now: Int64, regularHoursOnly: Bool) -> String {
        let zone = sessionKind.timeZone
        let today = zone.localDate(at: now)
        return (0..<Self.listedHoursDays).map { offset in
            let day = today.adding(days: offset)
            guard
                let session = TradingSessions.session(
                    kind: sessionKind,
                    tradingDay: day,
                    regularHoursOnly: regularHoursOnly
                )
            else { return "\(day.yyyyMMdd):CLOSED" }
            return
                "\(Self.localText(session.interval.lowerBound, zone))-\(Self.localText(session.interval.upperBound, zone))"
        }.joined(separator: ";")
    }

    /// `yyyyMMdd:HHmm` in the instrument's zone.
    private static func localText(_ instant: Int64, _ zone: USTimeZone) -> String {
        let seconds = zone.localSecondsOfDay(at: instant)
        let hours = seconds / 3_600
        let minutes = seconds % 3_600 / 60
        let hh = hours < 10 ? "0\(hours)" : "\(hours)"
        let mm = minutes < 10 ? "0\(minutes)" : "\(minutes)"
        return "\(zone.localDate(at: instant).yyyyMMdd):\(hh)\(mm)"
    }
}
