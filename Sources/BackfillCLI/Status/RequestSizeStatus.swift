import ChunkPlanning
import Foundation
import TWSProtocol

/// What gateways taught the fleet about request sizes (`request_sizes`), for `status` and the dashboard's API.
enum RequestSizeStatus {
    /// One line per kind with a refusal, e.g. `request size 5 secs STK RTH: at most 5850 s (refused 11700 s)`.
    static func lines(_ limits: RequestSizeLimits) -> [String] {
        entries(limits).compactMap { key, record in
            guard let cap = record.cap, let refused = record.smallestRefused else { return nil }
            return "request size \(key): at most \(cap) s (refused \(refused) s)"
        }
    }

    /// One object per kind learned: bar size, security type, hours, the two sizes and the resulting cap (null: none).
    static func json(_ limits: RequestSizeLimits) -> [[String: Any]] {
        entries(limits).map { key, record in
            [
                "barSize": key.barSize.ibName, "secType": key.secType.rawValue, "useRTH": key.useRTH,
                "largestWorked": record.largestWorked.map { $0 as Any } ?? NSNull(),
                "smallestRefused": record.smallestRefused.map { $0 as Any } ?? NSNull(),
                "cap": record.cap.map { $0 as Any } ?? NSNull(),
            ]
        }
    }

    /// The records in a stable order: by bar length, then security type, then hours.
    private static func entries(_ limits: RequestSizeLimits) -> [(RequestSizeKey, RequestSizeRecord)] {
        limits.records.sorted { lhs, rhs in
            (lhs.key.barSize.seconds, lhs.key.secType.rawValue, lhs.key.useRTH ? 0 : 1)
                < (rhs.key.barSize.seconds, rhs.key.secType.rawValue, rhs.key.useRTH ? 0 : 1)
        }.map { ($0.key, $0.value) }
    }
}
