/// Negotiated server versions at which the wire layout changes (ib-protocol.md §1.6), and our bounds.
public enum TWSServerVersion {
    /// The highest version we advertise: the last before protobuf framing (201).
    public static let maximum = 200
    /// The lowest we run against: reqContractDetails carries `issuerId` from 176, and every layout branch from
    /// there up (errMsg at 194, historicalData at 196) is implemented. Older gateways are refused clearly.
    public static let minimumSupported = 176
    /// reqContractDetails appends `issuerId`.
    public static let issuerID = 176
    /// contractDetails carries fund fields for FUND contracts.
    public static let fundDataFields = 179
    /// contractDetails carries `lastTradeDate`.
    public static let lastTradeDate = 182
    /// contractDetails ends with the ineligibility-reason list.
    public static let ineligibilityReasons = 186
    /// errMsg drops its version field and gains `errorTime`.
    public static let errorTime = 194
    /// historicalData loses its inline start/end; historicalDataEnd (IN 108) carries them.
    public static let historicalDataEnd = 196
    /// reqCurrentTimeInMillis exists.
    public static let currentTimeInMillis = 197
}
