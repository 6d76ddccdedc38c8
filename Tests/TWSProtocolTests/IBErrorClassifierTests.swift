import TWSProtocol
import Testing

@Suite struct IBErrorClassifierTests {
    @Test(arguments: [
        (
            162, "Historical Market Data Service error message:Historical data request pacing violation",
            IBErrorClass.pacing
        ),
        (162, "Historical Market Data Service error message:HMDS query returned no data: AAPL@SMART Trades", .empty),
        (162, "Historical Market Data Service error message:API historical data query cancelled: 28", .transient),
        (162, "Historical Market Data Service error message:No market data permissions for NYSE STK", .permanent),
        (
            162,
            "Historical Market Data Service error message:Trading TWS session is connected from a different IP address",
            .pacing
        ),
        (162, "Historical Market Data Service error message:invalid step: 1", .permanent),
        (
            162, "Historical Market Data Service error message:No historical market data for EUR/CASH@IDEALPRO TRADES",
            .permanent
        ),
        (165, "Historical Market Data Service query message:no items retrieved", .empty),
        (
            165,
            "Historical Market Data Service query message:HMDS server disconnect occurred.  Attempting reconnection",
            .transient
        ),
        (200, "No security definition has been found for the request", .permanent),
        (
            321,
            "Error validating request.-'bM' : cause - Historical data requests for durations longer than 365 days must be made in years.",
            .permanent
        ),
        (
            322, "Error processing request:-'wd' : cause - Only 50 simultaneous API historical data requests allowed.",
            .pacing
        ),
        (326, "Unable to connect as the client id is already in use. Retry with a unique client id.", .connection),
        (366, "No historical data query found for ticker id:2223", .informational),
        (100, "Max rate of messages per second has been exceeded.", .pacing),
        (1100, "Connectivity between IB and Trader Workstation has been lost.", .connection),
        (1101, "Connectivity between IB and Trader Workstation has been restored - data lost.", .gatewayOutage),
        (1102, "Connectivity between IB and Trader Workstation has been restored - data maintained.", .informational),
        (1300, "TWS socket port has been reset and this connection is being dropped.", .connection),
        (2105, "HMDS data farm connection is broken:ushmds", .gatewayOutage),
        (2103, "Market data farm connection is broken:usfarm", .gatewayOutage),
        (2106, "HMDS data farm connection is OK:ushmds", .informational),
        (2174, "Warning: You submitted request with date-time attributes without explicit time zone.", .informational),
        (10314, "End Date/Time: The date, time, or time-zone entered is invalid.", .permanent),
        (4242, "Something new", .transient),
    ])
    func classifiesLikeTheTable(code: Int, text: String, expected: IBErrorClass) {
        #expect(IBErrorClassifier.classify(code: code, message: text) == expected)
        #expect(IBError(requestID: 1, code: code, message: text).classification == expected)
    }
}
