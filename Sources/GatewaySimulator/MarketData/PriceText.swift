/// Exact decimal text for prices and sizes, as sent on the wire.
///
/// Bars are computed in whole ticks (integers), so the text is built from integers with a fixed number of
/// decimals: `187.15`, never `187.15000000001` or `1.8715E2`. A `PriceText` value captures an instrument's
/// minimum tick (`"0.01"`, `"0.25"`, `"0.00005"`) as an integer number of units of 10^-decimals.
public struct PriceText: Sendable, Hashable {
    /// Digits after the decimal point in every price of the instrument (2 for `"0.25"`, 5 for `"0.00005"`).
    public let decimals: Int
    /// The minimum tick in units of 10^-``decimals`` (25 for `"0.25"`, 5 for `"0.00005"`).
    public let tickUnits: Int64

    /// Parses a minimum tick written as plain decimal text.
    ///
    /// - Parameter minTick: For example `"0.01"`. Signs, exponents, zero and more than 9 decimals are rejected.
    public init?(minTick: String) {
        let parts = minTick.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, parts.count <= 2 else {
            return nil
        }
        let fraction = parts.count == 2 ? parts[1] : ""
        let digits = whole + fraction
        guard !digits.isEmpty, fraction.count <= 9, whole.count <= 9,
            digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let units = Int64(digits), units > 0
        else {
            return nil
        }
        self.decimals = fraction.count
        self.tickUnits = units
    }

    /// The minimum tick as a `Double` (for price-model arithmetic only, never for output).
    public var minTick: Double {
        Double(tickUnits) / Self.powerOfTen(decimals)
    }

    /// The price of `ticks` whole ticks, for example `text(ticks: 18_715)` → `"187.15"` for a 0.01 tick.
    ///
    /// - Parameter ticks: The price in ticks.
    /// - Returns: The decimal text with exactly ``decimals`` digits after the point.
    public func text(ticks: Int64) -> String {
        let (units, overflow) = ticks.multipliedReportingOverflow(by: tickUnits)
        guard !overflow else {
            return Self.format(Double(ticks) * minTick, decimals: decimals)
        }
        return Self.format(scaled: units, decimals: decimals)
    }

    /// The nearest whole number of ticks to a price.
    ///
    /// - Parameter price: A price; non-finite values give 0.
    /// - Returns: The tick count.
    public func ticks(nearest price: Double) -> Int64 {
        let ticks = (price / minTick).rounded()
        guard ticks.isFinite, abs(ticks) < 9.0e18 else {
            return 0
        }
        return Int64(ticks)
    }

    /// A price rounded to the nearest tick, as text.
    ///
    /// - Parameter price: A price.
    /// - Returns: The decimal text of the nearest tick.
    public func text(_ price: Double) -> String {
        text(ticks: ticks(nearest: price))
    }

    /// Formats an integer scaled by 10^-`decimals`: `format(scaled: 18715, decimals: 2)` → `"187.15"`,
    /// `format(scaled: -1, decimals: 0)` → `"-1"`.
    ///
    /// - Parameters:
    ///   - scaled: The value times 10^decimals.
    ///   - decimals: Digits after the decimal point (0 gives an integer without a point).
    /// - Returns: Plain decimal text.
    public static func format(scaled: Int64, decimals: Int) -> String {
        let negative = scaled < 0
        let magnitude = scaled.magnitude
        var digits = String(magnitude)
        guard decimals > 0 else {
            return negative ? "-" + digits : digits
        }
        if digits.count <= decimals {
            digits = String(repeating: "0", count: decimals - digits.count + 1) + digits
        }
        let split = digits.index(digits.endIndex, offsetBy: -decimals)
        let text = String(digits[..<split]) + "." + String(digits[split...])
        return negative ? "-" + text : text
    }

    /// Formats a `Double` with a fixed number of decimals, rounding half away from zero.
    ///
    /// - Parameters:
    ///   - value: The value; non-finite or out-of-range values give `"0"`.
    ///   - decimals: Digits after the decimal point, 0…12.
    /// - Returns: Plain decimal text.
    public static func format(_ value: Double, decimals: Int) -> String {
        let places = min(max(decimals, 0), 12)
        let scaled = (value * powerOfTen(places)).rounded()
        guard scaled.isFinite, abs(scaled) < 9.0e18 else {
            return "0"
        }
        return format(scaled: Int64(scaled), decimals: places)
    }

    static func powerOfTen(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<max(exponent, 0) {
            result *= 10
        }
        return result
    }
}
