import GlobalPacer
import TWSClient

/// One request sent under a pacer permit, the way every request of the fleet is: a permit, the request written
/// through its ``PermitDelivery`` (so the pacer learns when it really left), and a new permit whenever one lapsed
/// unsent (its request missed the send deadline: a starved or paused process), at most
/// ``PermitDelivery/attempts`` times. The cancels our client sends for it (after a timeout, or once a head
/// timestamp is answered) are recorded in the message-rate window. Shared by the chunk pipeline and the
/// head-timestamp lookup.
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
    ///   - cancelledWhenAnswered: Whether our client cancels the request at the gateway once it is answered (a
    ///     head timestamp stays open until then): that cancel is a message IB counts, so it is recorded too.
    ///   - permit: How to get a permit: waiting as long as it takes, or up to a limit.
    ///   - send: Writes the request through the gate and waits for its answer.
    static func run(
        pacer: GlobalPacer,
        cancelledWhenAnswered: Bool = false,
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
                let answer = try await PermitDelivery(pacer: pacer, permit: granted).deliver(send)
                if cancelledWhenAnswered { _ = try? await pacer.recordMessages(1) }
                return .answered(answer)
            } catch let error as TWSClientError where error.code == .notSent {
                // Nothing reached IB: not a request, and not the request's fault.
                continue
            } catch let error as TWSClientError where error.code == .requestTimedOut {
                // Our client cancelled it at the gateway: one more message in IB's message-rate window.
                _ = try? await pacer.recordMessages(1)
                return .failed(error)
            } catch {
                return .failed(error)
            }
        }
        return .lapsed
    }
}
