import TWSProtocol

/// What a user asked to backfill: instruments × a UTC range × one bar size, what-to-show and useRTH.
public struct PlanRequest: Sendable, Hashable {
    /// The instruments, in the order their chunks should appear. Duplicates (same conId, or same identifying
    /// fields) are planned once.
    public var contracts: [Contract]
    /// The first second wanted, UTC epoch seconds (the CLI passes 00:00 UTC of `--from`).
    public var from: Int64
    /// The end of the range, exclusive (the CLI passes 00:00 UTC of the day after `--to`).
    public var to: Int64
    /// The bar size.
    public var barSize: BarSizeSetting
    /// IB's what-to-show; case and surrounding spaces do not matter.
    public var whatToShow: String
    /// `true` for regular trading hours only (IB `useRTH=1`).
    public var useRTH: Bool
    /// IB's earliest data per contract for this what-to-show (`reqHeadTimestamp`), UTC epoch seconds, when a
    /// gateway was asked. Nothing before it is planned. A contract matches by identity (conId, or its naming
    /// fields), not by every field.
    public var headTimestamps: [Contract: Int64]

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - contracts: The instruments.
    ///   - from: The first second wanted, UTC epoch seconds.
    ///   - to: The end of the range (exclusive), UTC epoch seconds.
    ///   - barSize: The bar size.
    ///   - whatToShow: IB's what-to-show; `TRADES` by default.
    ///   - useRTH: Regular trading hours only; `false` by default.
    ///   - headTimestamps: Known earliest data per contract.
    public init(
        contracts: [Contract],
        from: Int64,
        to: Int64,
        barSize: BarSizeSetting,
        whatToShow: String = "TRADES",
        useRTH: Bool = false,
        headTimestamps: [Contract: Int64] = [:]
    ) {
        self.contracts = contracts
        self.from = from
        self.to = to
        self.barSize = barSize
        self.whatToShow = whatToShow
        self.useRTH = useRTH
        self.headTimestamps = headTimestamps
    }
}
