import TWSProtocol

/// What a learned request size applies to: a bar size and an instrument kind (its security type, in regular or all
/// hours). The hours belong to the kind because they decide how many bars a window holds: a day of 5-second bars
/// is 4,680 bars of a stock in regular hours and 17,280 of a currency.
public struct RequestSizeKey: Sendable, Hashable, CustomStringConvertible {
    /// The bar size.
    public var barSize: BarSizeSetting
    /// The instrument's security type.
    public var secType: SecurityType
    /// Whether the requests ask for regular trading hours only.
    public var useRTH: Bool

    /// Creates a key.
    ///
    /// - Parameters:
    ///   - barSize: The bar size.
    ///   - secType: The security type.
    ///   - useRTH: Regular trading hours only.
    public init(barSize: BarSizeSetting, secType: SecurityType, useRTH: Bool) {
        self.barSize = barSize
        self.secType = secType
        self.useRTH = useRTH
    }

    /// `5 secs STK RTH`, for logs and listings.
    public var description: String {
        "\(barSize.ibName) \(secType.rawValue) \(useRTH ? "RTH" : "all hours")"
    }
}
