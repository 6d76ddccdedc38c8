import MarketCalendar

extension BarGenerator {
    /// A UTC-offset lookup that remembers the current year's daylight-saving interval, so aligning hundreds of
    /// thousands of minutes to local midnight does not recompute the DST rules for each one.
    struct ZoneOffsets {
        let zone: USTimeZone
        private var year: Range<Int64> = 0..<0
        private var daylight: Range<Int64>?

        init(zone: USTimeZone) {
            self.zone = zone
        }

        mutating func offset(at time: Int64) -> Int64 {
            if !year.contains(time) {
                let date = CivilDate(utcEpochSeconds: time)
                let first = CivilDate(year: date.year, month: 1, day: 1) ?? date
                let next = CivilDate(year: date.year + 1, month: 1, day: 1) ?? date.adding(days: 366)
                year = first.utcMidnight..<next.utcMidnight
                daylight = zone.daylightSavingInterval(year: date.year)
            }
            let isDaylight = daylight?.contains(time) ?? false
            return zone.standardOffset + (isDaylight ? 3_600 : 0)
        }
    }
}
