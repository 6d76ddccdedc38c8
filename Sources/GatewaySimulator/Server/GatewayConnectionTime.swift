import Foundation

/// The handshake's connection-time text, `yyyyMMdd HH:mm:ss <zone>` as gateways print it; clients treat it
/// as opaque. The simulator prints UTC, in line with Backfill's "UTC everywhere".
func gatewayConnectionTimeText(now: Date = Date()) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: now)
    func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
    return
        "\(parts.year ?? 1970)\(two(parts.month))\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) UTC"
}
