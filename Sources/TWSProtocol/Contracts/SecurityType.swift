/// IB's `secType` values that Backfill downloads history for.
public enum SecurityType: String, Sendable, Hashable, CaseIterable {
    /// Stocks and ETFs.
    case stock = "STK"
    case index = "IND"
    /// Foreign exchange pairs (IDEALPRO).
    case forex = "CASH"
    case future = "FUT"
    /// IB's continuous future: history stitched across expiries (end time must be empty).
    case continuousFuture = "CONTFUT"
    case crypto = "CRYPTO"
}
