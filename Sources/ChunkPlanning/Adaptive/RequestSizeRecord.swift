/// What the fleet learned about one ``RequestSizeKey``: the largest window a gateway answered in full, and the
/// smallest it refused, timed out on or cut short.
public struct RequestSizeRecord: Sendable, Hashable {
    /// The largest window, in seconds, answered in full while smaller than ``smallestRefused``; `nil` before one.
    public var largestWorked: Int64?
    /// The smallest window, in seconds, that failed for its size; `nil` while none has.
    public var smallestRefused: Int64?

    /// Creates a record.
    ///
    /// - Parameters:
    ///   - largestWorked: The largest window that worked, in seconds.
    ///   - smallestRefused: The smallest window that failed, in seconds.
    public init(largestWorked: Int64? = nil, smallestRefused: Int64? = nil) {
        self.largestWorked = largestWorked
        self.smallestRefused = smallestRefused
    }

    /// The largest window to plan or send, in seconds, or `nil` when nothing ever failed (the size table stands).
    ///
    /// The largest that worked below the smallest refusal; before anything below it worked, half the refusal,
    /// which is what the first split tries.
    public var cap: Int64? {
        guard let refused = smallestRefused else { return nil }
        if let worked = largestWorked, worked < refused { return worked }
        return max(1, refused / 2)
    }

    /// The record after a window of `seconds` was answered in full.
    ///
    /// A window at least as large as the smallest refusal that works proves that refusal was the gateway's mood
    /// (a timeout under load), not its limit: the refusal is forgotten.
    public func worked(_ seconds: Int64) -> RequestSizeRecord {
        var next = self
        if let refused = smallestRefused, seconds >= refused { next.smallestRefused = nil }
        next.largestWorked = max(largestWorked ?? 0, seconds)
        return next
    }

    /// The record after a window of `seconds` failed for its size.
    public func refused(_ seconds: Int64) -> RequestSizeRecord {
        var next = self
        next.smallestRefused = min(smallestRefused ?? seconds, seconds)
        if let worked = largestWorked, worked >= seconds { next.largestWorked = nil }
        return next
    }

    /// Whether a window of `seconds` answered in full teaches anything new: only while a refusal is known and the
    /// window is larger than the largest known to work. The worker writes nothing otherwise.
    public func learnsFromSuccess(_ seconds: Int64) -> Bool {
        guard smallestRefused != nil else { return false }
        return seconds > (largestWorked ?? 0)
    }
}
