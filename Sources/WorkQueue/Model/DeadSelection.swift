/// Which dead chunks ``WorkQueue/retryDead(_:)`` or ``WorkQueue/purgeDead(_:)`` acts on.
public struct DeadSelection: Sendable, Hashable, CustomStringConvertible {
    enum Base: Sendable, Hashable {
        case all
        case backfill(String)
        case chunk(String)
    }

    let base: Base

    /// Every dead chunk.
    public static let all = DeadSelection(base: .all)

    /// The dead chunks of one backfill.
    public static func backfill(_ id: String) -> DeadSelection { DeadSelection(base: .backfill(id)) }

    /// One chunk, if it is dead.
    public static func chunk(_ id: String) -> DeadSelection { DeadSelection(base: .chunk(id)) }

    /// The mode and value the scripts take.
    var scriptArguments: (mode: String, value: String) {
        switch base {
        case .all: ("all", "")
        case .backfill(let id): ("backfill", id)
        case .chunk(let id): ("chunk", id)
        }
    }

    public var description: String {
        switch base {
        case .all: "all dead chunks"
        case .backfill(let id): "dead chunks of backfill \(id)"
        case .chunk(let id): "dead chunk \(id)"
        }
    }
}
