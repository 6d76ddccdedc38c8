/// reqHistoricalTicks (OUT 96): exactly one of start and end is set; at most 1000 ticks.
public struct HistoricalTicksRequest: Sendable, Hashable {
    public var requestID: Int
    public var contract: Contract
    public var startDateTime: String
    public var endDateTime: String
    public var numberOfTicks: Int
    /// `TRADES`, `MIDPOINT` or `BID_ASK`.
    public var whatToShow: String
    public var useRTH: Bool
    public var ignoreSize: Bool

    public init(
        requestID: Int,
        contract: Contract,
        startDateTime: String,
        endDateTime: String,
        numberOfTicks: Int,
        whatToShow: String,
        useRTH: Bool,
        ignoreSize: Bool
    ) {
        self.requestID = requestID
        self.contract = contract
        self.startDateTime = startDateTime
        self.endDateTime = endDateTime
        self.numberOfTicks = numberOfTicks
        self.whatToShow = whatToShow
        self.useRTH = useRTH
        self.ignoreSize = ignoreSize
    }

    func fields() -> TWSFields {
        TWSFields(
            ["\(TWSRequest.ID.reqHistoricalTicks)", "\(requestID)"] + contract.blockA
                + [startDateTime, endDateTime, "\(numberOfTicks)", whatToShow, useRTH.wire, ignoreSize.wire, ""]
        )
    }

    init(fields: TWSFields) throws {
        var reader = TWSFieldReader(fields, messageName: "reqHistoricalTicks")
        requestID = try reader.int()
        contract = try Contract(blockA: &reader)
        startDateTime = try reader.string()
        endDateTime = try reader.string()
        numberOfTicks = try reader.int()
        whatToShow = try reader.string()
        useRTH = try reader.bool()
        ignoreSize = try reader.bool()
    }
}
