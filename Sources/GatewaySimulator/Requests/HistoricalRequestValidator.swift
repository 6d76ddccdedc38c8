import TWSProtocol

/// Checks a historical-data request the way IB does, before any data is looked at.
///
/// The texts are IB's where ib-protocol.md §3 and §5 record them (10314, 321 duration limits, 162 step errors). Rules:
/// bar size must be one of IB's strings (321); duration `<n> <S|D|W|M|Y>` within IB's per-unit maximum (321);
/// `1 secs` only with at most 2000 S, and no unit may ask for bars smaller than its step table allows
/// (S: 1 secs, D: 5 secs, W: 10 secs, M: 30 secs, Y: 1 min) — else 162 "Time length exceed max"; the end time in
/// one of IB's forms (10314); `ADJUSTED_LAST` and `CONTFUT` need an empty end time (321).
struct HistoricalRequestValidator {
    struct Accepted: Equatable {
        var barSize: BarSizeSetting
        var window: HistoricalWindow
        /// The request used an end time without a zone: IB answers, with warning 2174.
        var implicitZoneWarning: Bool
    }

    struct Rejected: Error, Equatable {
        var code: Int
        var text: String
    }

    static let whatToShowValues: Set<String> = [
        "TRADES", "MIDPOINT", "BID", "ASK", "BID_ASK", "ADJUSTED_LAST", "AGGTRADES",
    ]

    static func validate(_ request: HistoricalDataRequest, now: Int64) -> Result<Accepted, Rejected> {
        guard let barSize = BarSizeSetting(ibName: request.barSize) else {
            return .failure(
                Rejected(
                    code: 321,
                    text:
                        "Error validating request.-'bM' : cause - Historical data bar size setting is invalid. Legal ones are: \(BarSizeSetting.all.map(\.ibName).joined(separator: ", "))"
                )
            )
        }
        guard let (count, unit) = HistoricalWindow.parseDuration(request.duration) else {
            return .failure(
                Rejected(
                    code: 321,
                    text: "Error validating request.-'bM' : cause - Historical data duration format is invalid"
                )
            )
        }
        if count > unit.maximum {
            return .failure(
                Rejected(code: 321, text: "Error validating request.-'bM' : cause - \(Self.tooLongText(unit))")
            )
        }
        let whatToShow = request.whatToShow.uppercased()
        guard whatToShowValues.contains(whatToShow) else {
            return .failure(
                Rejected(
                    code: 321,
                    text:
                        "Error validating request.-'bM' : cause - Historical data query whatToShow '\(request.whatToShow)' is not supported"
                )
            )
        }
        if (whatToShow == "ADJUSTED_LAST" || request.contract.secType == .continuousFuture)
            && !request.endDateTime.isEmpty
        {
            return .failure(
                Rejected(
                    code: 321,
                    text:
                        "Error validating request.-'bM' : cause - End date not supported with \(whatToShow == "ADJUSTED_LAST" ? "adjusted last" : "continuous futures")"
                )
            )
        }
        let tooManyBars: Bool =
            switch unit {
            case .seconds: barSize.seconds == 1 && count > 2000
            case .days: barSize.seconds < 5
            case .weeks: barSize.seconds < 10
            case .months: barSize.seconds < 30
            case .years: barSize.seconds < 60
            }
        if tooManyBars {
            return .failure(
                Rejected(code: 162, text: "Historical Market Data Service error message:Time length exceed max.")
            )
        }
        guard let end = IBEndDateTime.parse(request.endDateTime) else {
            return .failure(Rejected(code: 10314, text: IBEndDateTime.invalidText))
        }
        let endSeconds: Int64
        var implicit = false
        switch end {
        case .now: endSeconds = now
        case .utc(let seconds): endSeconds = seconds
        case .implicitZone(let seconds):
            endSeconds = seconds
            implicit = true
        }
        let start = endSeconds - Int64(count) * unit.seconds
        return .success(
            Accepted(
                barSize: barSize,
                window: HistoricalWindow(start: start, end: endSeconds),
                implicitZoneWarning: implicit
            )
        )
    }

    private static func tooLongText(_ unit: HistoricalWindow.Unit) -> String {
        switch unit {
        case .seconds: "Historical data request for greater than 86400 seconds rejected."
        case .days: "Historical data requests for durations longer than 365 days must be made in years."
        case .weeks: "Historical data requests for durations longer than 52 weeks must be made in years."
        case .months: "Historical data requests for durations longer than 12 months must be made in years."
        case .years: "Historical data requests for durations longer than 68 years are not supported."
        }
    }

    /// IB's text for error 2174.
    static let implicitZoneWarningText =
        "Warning: You submitted request with date-time attributes without explicit time zone. Please switch to use yyyymmdd-hh:mm:ss in UTC or use instrument time zone, like US/Eastern. Implied time zone functionality will be removed in the next API release"
}
