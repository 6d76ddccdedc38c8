/// Reads IB's decimal text (`185.25`, `-0.5`, `1200`, `1.5E-4`) without accepting what PostgreSQL or `strtod`
/// would also take (`NaN`, `inf`, `0x1p3`, surrounding spaces, an empty string).
///
/// The value is only used to compare prices, so it is a `Double`; correct rounding keeps the comparison exact
/// for any two different decimals of up to 15 significant digits, and monotonic beyond. The common case (≤ 15
/// significant digits, a small exponent) is computed directly, which is exact: a whole number below 2^53 times or
/// over a power of ten up to 10^22 is one correctly rounded operation. Anything else falls back to the standard
/// library's parser, after this type has checked the syntax.
enum DecimalText {
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// The value of `text`, or nil when it is not plain decimal text.
    static func value(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { bytes in value(bytes) }
    }

    private static func value(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = bytes.count
        var index = 0
        var negative = false
        if index < count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var digits = 0
        var exponent = 0
        while index < count, let digit = digit(bytes[index]) {
            accumulate(digit, &mantissa, &significant, &exponent, fraction: false)
            digits += 1
            index += 1
        }
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < count, let digit = digit(bytes[index]) {
                accumulate(digit, &mantissa, &significant, &exponent, fraction: true)
                digits += 1
                index += 1
            }
        }
        guard digits > 0 else { return nil }
        if index < count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var written = 0
            var exponentDigits = 0
            while index < count, let digit = digit(bytes[index]) {
                // Beyond four digits the value is 0 or infinite anyway; stop growing to avoid overflow.
                if exponentDigits < 4 { written = written * 10 + Int(digit) }
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0 else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard index == count else { return nil }
        let magnitude: Double
        if significant <= 15, abs(exponent) <= 22 {
            let whole = Double(mantissa)
            magnitude = exponent >= 0 ? whole * powersOfTen[exponent] : whole / powersOfTen[-exponent]
        } else {
            // Syntax is already checked, so the standard parser accepts it (and rounds correctly).
            return Double(String(decoding: bytes, as: UTF8.self))
        }
        return negative ? -magnitude : magnitude
    }

    private static func digit(_ byte: UInt8) -> UInt8? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : nil
    }

    /// Adds one digit to the mantissa, skipping leading zeros; digits past 19 only shift the exponent (and force
    /// the slow path, since ``value(_:)`` then sees more than 15 significant digits).
    private static func accumulate(
        _ digit: UInt8,
        _ mantissa: inout UInt64,
        _ significant: inout Int,
        _ exponent: inout Int,
        fraction: Bool
    ) {
        if significant == 0 && digit == 0 {
            if fraction { exponent -= 1 }
            return
        }
        if significant < 19 {
            mantissa = mantissa * 10 + UInt64(digit)
            if fraction { exponent -= 1 }
        } else if !fraction {
            exponent += 1
        }
        significant += 1
    }
}
