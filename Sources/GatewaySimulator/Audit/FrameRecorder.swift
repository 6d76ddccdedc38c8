import Synchronization

/// Every frame clients sent, field by field, kept when ``SimulatorConfiguration/recordsFrames`` is on: the tests
/// compare the frames of IB's official client with ours (issue 12's byte fidelity).
final class FrameRecorder: Sendable {
    private let frames = Mutex<[RecordedFrame]>([])

    func record(session: UInt64, fields: [String]) {
        frames.withLock { $0.append(RecordedFrame(session: session, fields: fields)) }
    }

    var all: [RecordedFrame] {
        frames.withLock { $0 }
    }
}

/// One frame a client sent: its connection and its fields. The version greeting, which is not a frame of fields,
/// is recorded as `["API", "<its payload>"]`.
public struct RecordedFrame: Sendable, Hashable {
    public let session: UInt64
    public let fields: [String]
}
