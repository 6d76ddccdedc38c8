import NIOCore

/// Notices when the simulator's event loops run late, and says so in the audit.
///
/// The simulator times a request when its loop reads it. On a starved machine a loop may not run for a while, and
/// the requests that arrived meanwhile are then read, and timed, together: the audit would show a burst the
/// clients never sent. A task on every loop that should run every ``interval`` records each time it ran more than
/// ``threshold`` late, so whoever reads the audit can tell the simulator's lateness from a client's.
struct EventLoopStallWatch: Sendable {
    /// How often each loop is looked at.
    static let interval = TimeAmount.milliseconds(20)
    /// Lateness below this is ordinary scheduling and not recorded.
    static let threshold = TimeAmount.milliseconds(50)

    private let tasks: [RepeatedTask]

    /// Starts watching every loop of `group`; `record` gets each stall's length in milliseconds, on that loop.
    init(group: any EventLoopGroup, record: @escaping @Sendable (Int) -> Void) {
        tasks = group.makeIterator().map { loop in
            let last = NIOLoopBoundBox.makeEmptyBox(valueType: NIODeadline.self, eventLoop: loop)
            return loop.scheduleRepeatedTask(initialDelay: Self.interval, delay: Self.interval) { _ in
                let now = NIODeadline.now()
                if let previous = last.value {
                    let late = now - previous - Self.interval
                    if late > Self.threshold { record(Int(late.nanoseconds / 1_000_000)) }
                }
                last.value = now
            }
        }
    }

    /// Stops watching.
    func cancel() {
        for task in tasks { task.cancel() }
    }
}
