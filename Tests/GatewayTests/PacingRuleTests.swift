import GatewaySimulator
import TWSClient
import TWSProtocol
import Testing

/// Driving the simulator faster than IB allows yields 162 (or 322, 100) at exactly the request the rule forbids,
/// and the audit names the rule.
@Suite struct PacingRuleTests {
    static let stocks = [
        "AAPL", "MSFT", "AMZN", "GOOGL", "META", "NVDA", "TSLA", "JPM", "XOM", "JNJ", "V", "PG", "KO", "PEP", "DIS",
    ]

    static func stock(_ symbol: String) -> Contract {
        Contract(symbol: symbol, secType: .stock, exchange: "SMART", currency: "USD")
    }

    /// Pacing for one rule at a time: the 50 messages/s limit is lifted unless the test is about it.
    static func pacing(scale: Double = 1) -> PacingConfiguration {
        var configuration = PacingConfiguration(scale: scale)
        configuration.messageLimit = 10_000
        return configuration
    }

    /// A distinct small-bar request: 5-second bars over a different 10-minute window each time. An answer of
    /// "no data" is a served request as far as pacing goes (5-second bars older than six months are empty).
    static func smallBars(
        _ client: TWSConnection,
        _ symbol: String,
        _ index: Int,
        what: String = "TRADES"
    ) async -> TWSClientError? {
        let minute = 30 + index % 30
        let hour = 14 + index / 30
        let end = "20240104-\(hour):\(minute < 10 ? "0" : "")\(minute):00"
        do {
            _ = try await client.historicalBars(
                contract: stock(symbol),
                endDateTime: end,
                duration: "600 S",
                barSize: "5 secs",
                whatToShow: what,
                useRTH: true
            )
            return nil
        } catch let error as TWSClientError {
            return error.classification == .empty ? nil : error
        } catch {
            return TWSClientError(.protocolViolation, "\(error)")
        }
    }

    static func isPacing(_ error: TWSClientError?) -> Bool {
        error?.ibError?.code == 162 && error?.classification == .pacing
    }

    // End-to-end windows are generous (scale ≥ 1) so a loaded CI machine cannot slip past them; the exact
    // boundaries are unit-tested on the pacing engine with explicit timestamps.

    @Test func identicalRequestWithin15Seconds() async throws {
        try await SimulatorHarness.with(pacing: Self.pacing()) { sim in
            let client = try await sim.connect(clientID: 1)
            #expect(await Self.smallBars(client, "AAPL", 0) == nil)
            #expect(Self.isPacing(await Self.smallBars(client, "AAPL", 0)))
            #expect(sim.violations.map(\.1) == ["identical-15s"])
            #expect(sim.violations.first?.0 == 2)
            await client.close()
        }
    }

    @Test func identicalRequestIsServedAgainAfterTheWindow() async throws {
        // Scale 0.05: the 15-second window lasts 0.75 s.
        try await SimulatorHarness.with(pacing: Self.pacing(scale: 0.05)) { sim in
            let client = try await sim.connect(clientID: 1)
            #expect(await Self.smallBars(client, "AAPL", 0) == nil)
            try await Task.sleep(for: .milliseconds(800))
            #expect(await Self.smallBars(client, "AAPL", 0) == nil)
            #expect(sim.violations.isEmpty)
            await client.close()
        }
    }

    @Test func sixthRequestForOneContractWithin2Seconds() async throws {
        try await SimulatorHarness.with(pacing: Self.pacing(scale: 10)) { sim in
            let client = try await sim.connect(clientID: 2)
            for index in 0..<5 { #expect(await Self.smallBars(client, "MSFT", index) == nil) }
            #expect(Self.isPacing(await Self.smallBars(client, "MSFT", 5)))
            // Another contract is not affected.
            #expect(await Self.smallBars(client, "AMZN", 0) == nil)
            #expect(sim.violations.map(\.1) == ["per-contract-2s"])
            #expect(sim.violations.first?.0 == 6)
            await client.close()
        }
    }

    @Test func sixtyFirstRequestWithinTenMinutes() async throws {
        try await SimulatorHarness.with(pacing: Self.pacing()) { sim in
            let client = try await sim.connect(clientID: 3)
            var sent = 0
            for symbol in Self.stocks {
                for index in 0..<4 where sent < 60 {
                    #expect(await Self.smallBars(client, symbol, index) == nil, "request \(sent + 1)")
                    sent += 1
                }
            }
            #expect(sent == 60)
            #expect(Self.isPacing(await Self.smallBars(client, "DIS", 10)))
            #expect(sim.violations.map(\.1) == ["rolling-10min"])
            #expect(sim.violations.first?.0 == 61)
            await client.close()
        }
    }

    @Test func bidAskCountsTwice() async throws {
        try await SimulatorHarness.with(pacing: Self.pacing(scale: 10)) { sim in
            let client = try await sim.connect(clientID: 4)
            // Two BID_ASK requests weigh 4; the third would make 6 for one contract within 2 s.
            #expect(await Self.smallBars(client, "KO", 0, what: "BID_ASK") == nil)
            #expect(await Self.smallBars(client, "KO", 1, what: "BID_ASK") == nil)
            #expect(Self.isPacing(await Self.smallBars(client, "KO", 2, what: "BID_ASK")))
            #expect(sim.violations.map(\.1) == ["per-contract-2s"])
            await client.close()
        }
    }

    @Test func fiftyOpenRequestsAtMost() async throws {
        // Answers are held for 30 s, so every allowed request stays open while the 51st arrives.
        try await SimulatorHarness.with(latency: .seconds(30), pacing: Self.pacing()) { sim in
            let client = try await sim.connect(clientID: 5)
            let (finished, finishedSink) = AsyncStream.makeStream(of: Void.self)
            let requests = Task {
                await withTaskGroup(of: TWSClientError?.self) { group in
                    for index in 0..<51 {
                        group.addTask {
                            defer { finishedSink.yield() }
                            // Daily bars are not subject to the small-bar rules, only to the open-request cap.
                            do {
                                _ = try await client.historicalBars(
                                    contract: Self.stock(Self.stocks[index % Self.stocks.count]),
                                    endDateTime: "20231215-21:00:00",
                                    duration: "\(index + 5) D",
                                    barSize: "1 day",
                                    useRTH: true
                                )
                                return nil
                            } catch {
                                return error as? TWSClientError
                            }
                        }
                    }
                    return await group.reduce(into: [TWSClientError?]()) { $0.append($1) }
                }
            }
            // The first request to finish is the refused one: the others wait 30 s for their answers.
            for await _ in finished { break }
            await client.close()
            let errors = await requests.value.compactMap { $0 }
            let refused = errors.filter { $0.code == .ib }
            #expect(refused.count == 1)
            #expect(refused.first?.ibError?.code == 322)
            #expect(refused.first?.classification == .pacing)
            // The other fifty were still open when the client hung up.
            #expect(errors.filter { $0.code == .connectionLost }.count == 50)
            #expect(sim.violations.map(\.1) == ["open-requests-50"])
        }
    }

    @Test func fiftyMessagesPerSecondAtMost() async throws {
        // Scale 10 stretches the 1-second window to 10 s, so the burst lands in one window on any machine.
        try await SimulatorHarness.with(pacing: PacingConfiguration(scale: 10)) { sim in
            let client = try await sim.connect(clientID: 6)
            let burst = Task {
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<55 { group.addTask { _ = try? await client.currentTime() } }
                }
            }
            // Messages 51 and 52 are refused with 100; the 53rd ends the session.
            let ended = await SimulatorHarness.firstEvent(of: client) { event in
                if case .disconnected = event { return true }
                return false
            }
            #expect(ended != nil)
            await burst.value
            // Each message past 50 in a second is refused with 100; the third refusal ends the session, as TWS
            // does in its "reject" mode.
            #expect(sim.violations.map(\.1) == ["message-rate-50s", "message-rate-50s", "message-rate-50s"])
            #expect(client.closedError != nil)
        }
    }
}
