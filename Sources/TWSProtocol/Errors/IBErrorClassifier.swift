/// Maps IB's error codes (and, for 162, 165 and 420, their texts) to an ``IBErrorClass``.
///
/// The table is ib-protocol.md §5. Code 162 carries several unrelated conditions, told apart by text:
/// a pacing violation, an empty range ("HMDS query returned no data"), a cancelled query, missing permissions.
/// Unknown codes are treated as transient: retried a bounded number of times, then dead-lettered with IB's text.
public enum IBErrorClassifier {
    public static func classify(code: Int, message: String) -> IBErrorClass {
        let text = message.lowercased()
        switch code {
        case 162:
            if text.contains("pacing violation") { return .pacing }
            if text.contains("returned no data") || text.contains("no items retrieved") { return .empty }
            if text.contains("no market data permissions") || text.contains("no historical market data")
                || text.contains("invalid step")
                || text.contains("time length exceed") || text.contains("not subscribed")
            {
                return .permanent
            }
            if text.contains("different ip address") { return .pacing }
            // "API historical data query cancelled" and anything new: try again later.
            return .transient
        case 165:
            return text.contains("no items retrieved") ? .empty : .transient
        case 420:
            return text.contains("pacing") || text.contains("different ip address") ? .pacing : .transient
        case 100, 322, 10197:
            return .pacing
        case 166, 200, 321, 354, 386, 10089, 10091, 10187, 10314:
            return .permanent
        case 326, 1100, 1300, 2110, 502, 504, 507:
            return .connection
        case 366, 1102, 2104, 2106, 2107, 2108, 2119, 2158, 2174, 10090, 10167:
            return .informational
        case 1101, 2103, 2105:
            // IB connectivity restored with data lost (1101), a market-data or HMDS farm down (2103, 2105): the
            // request did not complete through no fault of its own. (1100 and 2110, the connection itself lost,
            // are `.connection` above.)
            return .gatewayOutage
        case 10182, 10225:
            // Data lost on the gateway's side of a subscription: send again later.
            return .transient
        default:
            // 2100–2199 are warnings by IB's convention.
            return (2100...2199).contains(code) ? .informational : .transient
        }
    }
}
