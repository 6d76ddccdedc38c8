import BackfillStore
import ChunkPlanning
import Foundation
import GlobalPacer
import Synchronization
import WorkQueue

/// Logins to the dashboard: a random session id in an HttpOnly, SameSite=Strict cookie, and a CSRF token per
/// session that every form carries. Kept in memory: a restart logs everyone out, which is the safe direction.
final class DashboardSessions: Sendable {
    /// The cookie's name.
    static let cookie = "backfill_session"
    /// How long a login lasts.
    static let lifetime: TimeInterval = 12 * 3_600

    struct Session: Sendable {
        var csrf: String
        var expires: Date
    }

    /// `BACKFILL_DASHBOARD_TOKEN`, or `nil`: then nobody can log in, and actions are refused.
    let token: String?
    private let sessions = Mutex<[String: Session]>([:])

    init(token: String?) {
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A new session when `offered` is the token (compared in constant time); `nil` otherwise.
    func login(offered: String) -> (id: String, session: Session)? {
        guard let token, Self.constantTimeEquals(Array(offered.utf8), Array(token.utf8)) else { return nil }
        let id = Self.randomHex()
        let session = Session(csrf: Self.randomHex(), expires: Date().addingTimeInterval(Self.lifetime))
        sessions.withLock { all in
            all = all.filter { $0.value.expires > Date() }
            all[id] = session
        }
        return (id, session)
    }

    /// The live session named by a request's cookie header.
    func session(cookieHeader: String?) -> (id: String, session: Session)? {
        guard let id = Self.cookieValue(cookieHeader, name: Self.cookie) else { return nil }
        return sessions.withLock { all in
            guard let session = all[id], session.expires > Date() else { return nil }
            return (id, session)
        }
    }

    func logout(_ id: String) {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }

    /// The value of one cookie in a `Cookie:` header.
    static func cookieValue(_ header: String?, name: String) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pieces = part.split(separator: "=", maxSplits: 1)
            if pieces.count == 2, pieces[0].trimmingCharacters(in: .whitespaces) == name {
                return String(pieces[1]).trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    static func constantTimeEquals(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            let a = index < left.count ? left[index] : 0
            let b = index < right.count ? right[index] : 0
            difference |= a ^ b
        }
        return difference == 0
    }

    /// 32 random bytes as hex, from the system's generator.
    static func randomHex() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }
}
