import TWSProtocol

/// Every error the TWS client throws, with the classification a worker acts on.
public struct TWSClientError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case connectionFailed, connectionLost, clientIDInUse, handshakeTimeout, unsupportedServerVersion
            case requestTimedOut, cancelled, ib, protocolViolation, notSent
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The gateway could not be reached (nothing listening, refused, unreachable).
        public static let connectionFailed = Code(.connectionFailed)
        /// The connection closed or the gateway lost IB (1100, 1300) while the request was in flight.
        public static let connectionLost = Code(.connectionLost)
        /// 326: another live connection holds this client id.
        public static let clientIDInUse = Code(.clientIDInUse)
        /// The gateway accepted the socket but did not complete the handshake in time.
        public static let handshakeTimeout = Code(.handshakeTimeout)
        /// The gateway's version is below ``TWSServerVersion/minimumSupported``.
        public static let unsupportedServerVersion = Code(.unsupportedServerVersion)
        /// No complete answer within the request's timeout; a cancel was sent.
        public static let requestTimedOut = Code(.requestTimedOut)
        /// The calling task was cancelled; a cancel was sent.
        public static let cancelled = Code(.cancelled)
        /// IB answered the request with an error; see ``TWSClientError/ibError``.
        public static let ib = Code(.ib)
        /// The gateway sent bytes that are not the TWS protocol.
        public static let protocolViolation = Code(.protocolViolation)
        /// The request was not written: its ``SendGate`` deadline passed before the connection could write it.
        /// Nothing reached the gateway.
        public static let notSent = Code(.notSent)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var message: String
    /// IB's error, for `.ib` and for connection losses that IB announced (326, 1100, 1300).
    public var ibError: IBError?

    public init(_ code: Code, _ message: String, ibError: IBError? = nil) {
        self.code = code
        self.message = message
        self.ibError = ibError
    }

    /// What a downloader should do (ib-protocol.md §5).
    public var classification: IBErrorClass {
        switch code {
        case .ib: ibError?.classification ?? .transient
        case .requestTimedOut, .cancelled, .notSent: .transient
        case .unsupportedServerVersion: .permanent
        default: .connection
        }
    }

    public var description: String { message }
}
