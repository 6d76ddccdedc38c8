/// reqHistoricalData (OUT 20) at server versions ≥ 124: no version field, `keepUpToDate` and `chartOptions`.
public struct HistoricalDataRequest: Sendable, Hashable {
    public var requestID: Int
    public var contract: Contract
    /// `yyyyMMdd-HH:mm:ss` in UTC, the space form with a zone, or empty for "now".
    public var endDateTime: String
    /// An exact IB bar size string such as `1 min`.
    public var barSize: String
    /// `<n> <S|D|W|M|Y>`, e.g. `1 W`.
    public var duration: String
    public var useRTH: Bool
    public var whatToShow: String
    /// 2 = epoch seconds for intraday bars (DESIGN invariant 8).
    public var formatDate: Int
    public var keepUpToDate: Bool

    public init(
        requestID: Int,
        contract: Contract,
        endDateTime: String,
        barSize: String,
        duration: String,
        useRTH: Bool,
        whatToShow: String,
        formatDate: Int = 2,
        keepUpToDate: Bool = false
    ) {
        self.requestID = requestID
        self.contract = contract
        self.endDateTime = endDateTime
        self.barSize = barSize
        self.duration = duration
        self.useRTH = useRTH
        self.whatToShow = whatToShow
        self.formatDate = formatDate
        self.keepUpToDate = keepUpToDate
    }

    /// Note the order IB uses: end time, bar size, duration, useRTH, whatToShow, formatDate.
    func fields() -> TWSFields {
        TWSFields(
            ["\(TWSRequest.ID.reqHistoricalData)", "\(requestID)"] + contract.blockA
                + [endDateTime, barSize, duration, useRTH.wire, whatToShow, "\(formatDate)", keepUpToDate.wire, ""]
        )
    }

    init(fields: TWSFields) throws {
        var reader = TWSFieldReader(fields, messageName: "reqHistoricalData")
        requestID = try reader.int()
        contract = try Contract(blockA: &reader)
        endDateTime = try reader.string()
        barSize = try reader.string()
        duration = try reader.string()
        useRTH = try reader.bool()
        whatToShow = try reader.string()
        formatDate = try reader.int()
        keepUpToDate = reader.remaining > 0 ? try reader.bool() : false
    }
}
