import GlobalPacer
import TWSClient

/// One request sent under a pacer permit, the way every request of the fleet is: a permit, the request written
/// through its ``PermitDelivery`` (so the pacer learns when it really left), and a new permit whenever one lapsed
/// unsent (its request missed the send deadline: a starved or paused process), at most
/// ``PermitDelivery/attempts`` times. Shared by the chunk pipeline and the head-timestamp lookup.
enum PacedSend<Answer: Sendable> {
    /// The request's answer.
    case answered(Answer)
    /// The request was written and failed (IB's error, a timeout, the connection), or the send threw otherwise.
    case failed(any Error)
    /// No permit: the pacer could not be asked, or the caller's `permit` gave up (its error says why).
    case noPermit(any Error)
    /// Every permit lapsed before its request could be written.
    case lapsed

    /// Asks `permit` for a permit and runs `send` under it, again with a fresh permit while one lapses unsent.
    ///
    /// - Parameters:
    ///   - pacer: The pacer the permits come from (their windows learn the send time).
    ///   - permit: How to get a permit: waiting as long as it takes, or up to a limit.
    ///   - send: Writes the request through the gate and waits for its answer.
    static func run(
        pacer: GlobalPacer,
        permit: () async throws -> PacerPermit,
        send: (SendGate) async throws -> Answer
    ) async -> PacedSend {
        for _ in 1...PermitDelivery.attempts {
            let granted: PacerPermit
            do {
                granted = try await permit()
            } catch {
                return .noPermit(error)
            }
            do {
                return .answered(try await PermitDelivery(pacer: pacer, permit: granted).deliver(send))
            } catch let error as TWSClientError where error.code == .notSent {
                // Nothing reached IB: not a request, and not the request's fault.
                continue
            } catch {
                return .failed(error)
            }
        }
        return .lapsed
    }
}
