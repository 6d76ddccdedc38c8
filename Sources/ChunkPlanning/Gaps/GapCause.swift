/// Why a stretch of a series has no bars.
public enum GapCause: Sendable, Hashable, CustomStringConvertible {
    /// No chunk of the series covers it: it was never asked of IB.
    case neverFetched
    /// A chunk covers it but has not finished yet (queued, running or retrying).
    case pending
    /// IB answered that it has no data for it (the chunk is `empty`), with IB's code and text.
    case noData(code: Int?, text: String?)
    /// The chunk covering it was dead-lettered, with IB's code and text.
    case deadLettered(code: Int?, text: String?)
    /// A chunk covering it finished with bars, but none for these bar times (a halt, or bars lost since);
    /// `refetched` when the session was already fetched again for this (then IB has no bars there: a halt).
    case missingInFetchedSession(refetched: Bool)

    /// Whether `gaps --enqueue` can fill it without the user fixing anything: never fetched (planned and
    /// queued), or missing inside a fetched session (fetched again, once). IB's "no data" would only repeat, a
    /// pending chunk is on its way, a session fetched again already has what IB has, and a dead chunk needs its
    /// cause fixed and `backfill retry`.
    public var isFillable: Bool {
        switch self {
        case .neverFetched: true
        case .missingInFetchedSession(let refetched): !refetched
        case .pending, .noData, .deadLettered: false
        }
    }

    /// The cause's name in JSON: `never-fetched`, `pending`, `no-data`, `dead-lettered`, `missing-in-session`.
    public var name: String {
        switch self {
        case .neverFetched: "never-fetched"
        case .pending: "pending"
        case .noData: "no-data"
        case .deadLettered: "dead-lettered"
        case .missingInFetchedSession: "missing-in-session"
        }
    }

    /// For listings: `IB had no data (162: HMDS query returned no data …)`.
    public var description: String {
        switch self {
        case .neverFetched: "never fetched"
        case .pending: "not fetched yet (its chunk is queued)"
        case .noData(let code, let text): "IB had no data" + Self.notice(code, text)
        case .deadLettered(let code, let text): "dead-lettered" + Self.notice(code, text)
        case .missingInFetchedSession(false): "bars missing inside a fetched session"
        case .missingInFetchedSession(true):
            "bars missing inside a fetched session, also after a re-fetch (IB has none: a halt?)"
        }
    }

    private static func notice(_ code: Int?, _ text: String?) -> String {
        switch (code, text) {
        case (nil, nil): ""
        case (let code?, nil): " (IB error \(code))"
        case (nil, let text?): " (\(text))"
        case (let code?, let text?): " (IB error \(code): \(text))"
        }
    }
}
