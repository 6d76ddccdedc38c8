import Foundation

/// The date and time texts of the command line and of IB's wire, all in UTC.
enum IBDateTimeText {
    struct InputError: Error, CustomStringConvertible {
        let description: String
    }

    /// `yyyyMMdd-HH:mm:ss` is passed through (after checking it); `yyyy-MM-dd` or `yyyyMMdd` becomes the end of
    /// that UTC day.
    static func endDateTime(from text: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = parse(trimmed, format: "yyyyMMdd-HH:mm:ss") {
            return format(date, "yyyyMMdd-HH:mm:ss")
        }
        for dayFormat in ["yyyy-MM-dd", "yyyyMMdd"] {
            if let day = parse(trimmed, format: dayFormat) {
                return format(day, "yyyyMMdd") + "-23:59:59"
            }
        }
        throw InputError(
            description: "End time '\(text)' is not yyyyMMdd-HH:mm:ss (UTC) or a date such as 2024-01-05."
        )
    }

    /// Checks IB's `<n> <S|D|W|M|Y>` duration form.
    static func validateDuration(_ text: String) throws {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let count = Int(parts[0]), count > 0, ["S", "D", "W", "M", "Y"].contains(parts[1])
        else {
            throw InputError(
                description: "Duration '\(text)' is not IB's form <n> <S|D|W|M|Y>, e.g. \"1 W\" or \"3600 S\"."
            )
        }
    }

    /// Epoch seconds → `2024-01-02T14:30:00Z`; `yyyyMMdd` → `2024-01-02`; anything else as it came.
    static func readableStart(_ date: String) -> String {
        if date.count == 8, let day = parse(date, format: "yyyyMMdd") { return format(day, "yyyy-MM-dd") }
        if let seconds = TimeInterval(date), !date.contains(".") {
            return format(Date(timeIntervalSince1970: seconds), "yyyy-MM-dd'T'HH:mm:ss'Z'")
        }
        return date
    }

    private static func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        formatter.isLenient = false
        return formatter
    }

    private static func parse(_ text: String, format: String) -> Date? {
        guard text.count == format.replacingOccurrences(of: "'", with: "").count else { return nil }
        return formatter(format).date(from: text)
    }

    private static func format(_ date: Date, _ format: String) -> String {
        formatter(format).string(from: date)
    }
}
