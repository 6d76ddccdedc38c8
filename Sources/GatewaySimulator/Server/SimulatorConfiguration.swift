import MarketCalendar

/// How `backfill sim` behaves.
public struct SimulatorConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port (tests); the server reports the real one.
    public var port = 4002
    /// The highest API version served; 178 mimics an older gateway (ib_async's maximum).
    public var serverVersion = 200
    /// The lowest version the simulator agrees to serve.
    public static let minimumServerVersion = 178
    public var accounts = ["DU1234567"]
    /// IB allows 32 API clients per gateway.
    public var maximumClients = 32
    /// Added to every reply.
    public var latency: Duration = .zero
    /// Where the JSON-lines audit goes; nil keeps it in memory only.
    public var auditPath: String?
    /// Symbols served as plain NYSE stocks in addition to the standard universe (`--add-symbol`).
    public var extraStocks: [String] = []
    /// Keep every frame clients send, for the tests that compare clients' bytes (``SimulatorServer/recordedFrames``).
    public var recordsFrames = false
    /// How a historical-ticks page ends once full (`--tick-page-rule`): IB's documented rule (finish the second) by
    /// default, or exactly the requested count, so downloaders can be tested against both readings of IB's docs.
    public var tickPageRule: TickGenerator.PageRule = .finishSecond

    /// Where market time comes from (`--clock-file`, tests only): the system clock by default.
    public var marketClock = MarketClock.system
    /// Bars that end less than this many seconds before market time are served as preliminary figures (volume and
    /// trade count lower than the final ones), the way IB revises the latest bars after the fact
    /// (`--revise-recent`); `nil` serves final figures only.
    public var preliminaryWindow: Int64?
    /// The longest window, in seconds, served per bar size (keyed by the bar's seconds), to behave like an IB stricter
    /// than its documented maximum (`--max-duration`); empty: IB's documented rules only.
    public var maximumDurations: [Int: Int64] = [:]
    /// How a request beyond ``maximumDurations`` is answered (`--oversize`).
    public var oversizeAnswer = OversizeAnswer.error

    public init() {}
}
