/// A part of the system that keeps its state in Redis and changes it with Lua scripts (the work queue, the
/// pacer): it names itself in the messages of its ``RedisComponentError``.
///
/// The type is only a name: no value of it is needed, so the component's own public type can conform.
public protocol RedisComponent {
    /// How a failure message begins, e.g. `Work queue` in "Work queue claim failed: …".
    static var failureSubject: String { get }
    /// Whose keys a bad prefix or hash tag belongs to, e.g. `queue` in "The queue's hash tag …".
    static var keyOwner: String { get }
    /// The error's public name (its type alias), for ``RedisComponentError/debugDescription``.
    static var errorTypeName: String { get }
}
