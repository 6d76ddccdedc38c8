import MarketCalendar

/// Faults the simulator injects, from `--fault` flags (several may be given):
///
/// - `drop-every=N` — accept every Nth connection, then close it before the handshake;
/// - `restart-after=30s,down=5s` — a "gateway restart": every client dropped and the port closed for a while;
/// - `farm-outage-after=10s,for=5s` — 2105 (historical farm broken) to every client, 2106 when it is back;
///   historical requests meanwhile get 165 "HMDS server disconnect";
/// - `ib-disconnect-after=10s,for=3s` — 1100 (IB connectivity lost), then 1102 (restored, data maintained);
/// - `error=CODE:SYMBOL` — every request for SYMBOL is answered with IB error CODE;
/// - `garbage-every=N` — every Nth reply is replaced by a frame of garbage bytes;
/// - `truncate-every=N` — every Nth reply is cut short and the connection closed;
/// - `halt=SYMBOL:FROM/TO` — SYMBOL has no bars starting in `[FROM, TO)` (UTC, `yyyyMMdd-HH:mm:ss`), as in a trading
///   halt; a request with nothing else in its window gets IB's "no data".
public struct SimulatorFaults: Sendable, Hashable {
    public var dropEveryNthConnection: Int?
    public var restartAfter: Duration?
    public var restartDowntime: Duration = .seconds(5)
    public var farmOutageAfter: Duration?
    public var farmOutageDuration: Duration = .seconds(5)
    public var ibDisconnectAfter: Duration?
    public var ibDisconnectDuration: Duration = .seconds(3)
    /// Symbol (upper case) → the error code to answer with.
    public var errorForSymbol: [String: Int] = [:]
    public var garbageEveryNthReply: Int?
    public var truncateEveryNthReply: Int?
    /// Symbol (upper case) → spans (UTC epoch seconds) in which it has no bars.
    public var halts: [String: [Range<Int64>]] = [:]

    public init() {}

    /// Parses `--fault` values.
    ///
    /// - Throws: ``SimulatorFaultError`` naming the fault that cannot be read.
    public init(specs: [String]) throws(SimulatorFaultError) {
        self.init()
        for spec in specs {
            let options = Dictionary(
                spec.split(separator: ",").map { part -> (String, String) in
                    let pieces = part.split(separator: "=", maxSplits: 1)
                    return (String(pieces[0]).lowercased(), pieces.count > 1 ? String(pieces[1]) : "")
                },
                uniquingKeysWith: { _, last in last }
            )
            if let value = options["drop-every"] {
                dropEveryNthConnection = try Self.count(value, spec)
            } else if let value = options["restart-after"] {
                restartAfter = try Self.duration(value, spec)
                if let down = options["down"] { restartDowntime = try Self.duration(down, spec) }
            } else if let value = options["farm-outage-after"] {
                farmOutageAfter = try Self.duration(value, spec)
                if let length = options["for"] { farmOutageDuration = try Self.duration(length, spec) }
            } else if let value = options["ib-disconnect-after"] {
                ibDisconnectAfter = try Self.duration(value, spec)
                if let length = options["for"] { ibDisconnectDuration = try Self.duration(length, spec) }
            } else if let value = options["error"] {
                let parts = value.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, let code = Int(parts[0]), code > 0, !parts[1].isEmpty else {
                    throw SimulatorFaultError("Fault '\(spec)': expected error=CODE:SYMBOL, e.g. error=200:XYZ.")
                }
                errorForSymbol[parts[1].uppercased()] = code
            } else if let value = options["garbage-every"] {
                garbageEveryNthReply = try Self.count(value, spec)
            } else if let value = options["truncate-every"] {
                truncateEveryNthReply = try Self.count(value, spec)
            } else if let value = options["halt"] {
                let parts = value.split(separator: ":", maxSplits: 1)
                let ends = parts.count == 2 ? parts[1].split(separator: "/") : []
                guard ends.count == 2, let start = Self.instant(ends[0]), let end = Self.instant(ends[1]), start < end
                else {
                    throw SimulatorFaultError(
                        "Fault '\(spec)': expected halt=SYMBOL:FROM/TO in UTC, e.g. halt=AAPL:20240313-14:00:00/20240313-15:00:00."
                    )
                }
                halts[parts[0].uppercased(), default: []].append(start..<end)
            } else {
                throw SimulatorFaultError(
                    "Unknown fault '\(spec)'; known: drop-every=N, restart-after=T[,down=T], farm-outage-after=T[,for=T], ib-disconnect-after=T[,for=T], error=CODE:SYMBOL, garbage-every=N, truncate-every=N, halt=SYMBOL:FROM/TO."
                )
            }
        }
    }

    /// `yyyyMMdd-HH:mm:ss` (UTC) as epoch seconds.
    private static func instant(_ text: Substring) -> Int64? {
        let parts = text.split(separator: "-")
        let clock = parts.count == 2 ? parts[1].split(separator: ":").compactMap { Int64($0) } : []
        guard clock.count == 3, let date = CivilDate(yyyyMMdd: String(parts[0])), clock[0] < 24, clock[1] < 60,
            clock[2] < 60
        else { return nil }
        return date.utcMidnight + clock[0] * 3_600 + clock[1] * 60 + clock[2]
    }

    private static func count(_ text: String, _ spec: String) throws(SimulatorFaultError) -> Int {
        guard let value = Int(text), value > 0 else {
            throw SimulatorFaultError("Fault '\(spec)': '\(text)' is not a positive whole number.")
        }
        return value
    }

    /// `500ms`, `5s`, `2m`, or plain seconds.
    static func duration(_ text: String, _ spec: String) throws(SimulatorFaultError) -> Duration {
        let lower = text.lowercased()
        let (number, scale): (Substring, Double) =
            if lower.hasSuffix("ms") { (lower.dropLast(2), 0.001) } else if lower.hasSuffix("s") {
                (lower.dropLast(), 1)
            } else if lower.hasSuffix("m") { (lower.dropLast(), 60) } else { (lower[...], 1) }
        guard let value = Double(number), value >= 0, value.isFinite else {
            throw SimulatorFaultError("Fault '\(spec)': '\(text)' is not a duration such as 500ms, 5s or 2m.")
        }
        return .milliseconds(Int64((value * scale * 1000).rounded()))
    }
}

/// A `--fault` value that cannot be read.
public struct SimulatorFaultError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
