/// A date on which an exchange is closed all day, with the reason.
///
/// Names make holiday lists readable in logs and tests ("Good Friday", "Christmas Day (observed)").
public struct MarketHoliday: Sendable, Hashable, CustomStringConvertible {
    /// The local date of the closure (the observed date when the holiday moved off a weekend).
    public let date: CivilDate
    /// A human-readable name, for example `"Independence Day (observed)"`.
    public let name: String

    /// Creates a holiday entry.
    ///
    /// - Parameters:
    ///   - date: The closed date.
    ///   - name: Why the exchange is closed.
    public init(date: CivilDate, name: String) {
        self.date = date
        self.name = name
    }

    /// `yyyy-MM-dd name`.
    public var description: String {
        "\(date) \(name)"
    }
}
