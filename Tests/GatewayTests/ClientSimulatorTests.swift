import GatewaySimulator
import TWSClient
import TWSProtocol
import Testing

@Suite struct ClientSimulatorTests {
    @Test func handshakeReportsVersionAccountsAndFarms() async throws {
        try await SimulatorHarness.with { sim in
            let client = try await sim.connect(clientID: 1)
            #expect(client.serverVersion == 200)
            #expect(client.accounts == ["DU1234567"])
            _ = try await client.currentTime()
            #expect(client.farmStatus.farms["ushmds"] == true)
            #expect(client.farmStatus.historicalRequestsAllowed)
            await client.close()
        }
    }

    @Test func oneWeekOfMinuteBars() async throws {
        try await SimulatorHarness.with { sim in
            let client = try await sim.connect(clientID: 2)
            let answer = try await client.historicalBars(
                contract: SimulatorHarness.aapl,
                endDateTime: "20240105-21:00:00",
                duration: "1 W",
                barSize: "1 min",
                useRTH: true
            )
            // Tuesday 2 to Friday 5 January 2024 (New Year's Day closed): 4 sessions of 390 minutes.
            #expect(answer.bars.count == 4 * 390)
            let times = answer.bars.compactMap { Int64($0.date) }
            #expect(times.count == answer.bars.count)
            #expect(times == times.sorted())
            #expect(times.first == 1_704_205_800)  // 2024-01-02 14:30 UTC = 09:30 New York
            for bar in answer.bars {
                let (open, high, low, close) = (
                    Double(bar.open)!, Double(bar.high)!, Double(bar.low)!, Double(bar.close)!
                )
                #expect(low <= min(open, close) && max(open, close) <= high)
            }
            // Same request, same bars.
            let again = try await client.historicalBars(
                contract: SimulatorHarness.aapl,
                endDateTime: "20240105-21:00:00",
                duration: "1 W",
                barSize: "1 min",
                useRTH: true
            )
            #expect(again.bars == answer.bars)
            await client.close()
        }
    }

    @Test func olderGatewayLayoutsDecodeTheSameBars() async throws {
        let modern = try await SimulatorHarness.with { sim in
            let client = try await sim.connect(clientID: 3)
            defer { Task { await client.close() } }
            return try await client.historicalBars(
                contract: SimulatorHarness.aapl,
                endDateTime: "20240105-21:00:00",
                duration: "2 D",
                barSize: "5 mins",
                useRTH: true
            ).bars
        }
        let older = try await SimulatorHarness.with(serverVersion: 178) { sim in
            let client = try await sim.connect(clientID: 3)
            #expect(client.serverVersion == 178)
            defer { Task { await client.close() } }
            return try await client.historicalBars(
                contract: SimulatorHarness.aapl,
                endDateTime: "20240105-21:00:00",
                duration: "2 D",
                barSize: "5 mins",
                useRTH: true
            ).bars
        }
        #expect(!modern.isEmpty)
        #expect(older == modern)
    }

    @Test func dailyBarsAreDatedByDay() async throws {
        try await SimulatorHarness.with { sim in
            let client = try await sim.connect(clientID: 4)
            let bars = try await client.historicalBars(
                contract: SimulatorHarness.aapl,
                endDateTime: "20240131-23:00:00",
                duration: "1 M",
                barSize: "1 day",
                useRTH: true
            ).bars
            #expect(bars.allSatisfy { $0.date.count == 8 && $0.date.hasPrefix("2024") || $0.date.hasPrefix("2023") })
            #expect(!bars.contains { $0.date == "20240115" })  // Martin Luther King Jr. Day
            await client.close()
        }
    }

    @Test func errorsAreTypedAndClassified() async throws {
        try await SimulatorHarness.with { sim in
            let client = try await sim.connect(clientID: 5)
            let unknown = Contract(symbol: "NOSUCH", secType: .stock, exchange: "SMART", currency: "USD")
            let cases: [(Contract, String, String, String, Int, IBErrorClass)] = [
                (unknown, "20240105-21:00:00", "1 D", "1 min", 200, .permanent),
                (SimulatorHarness.aapl, "20240106-21:00:00", "1 D", "1 min", 162, .empty),  // a Saturday
                (SimulatorHarness.aapl, "2024-01-05 21:00", "1 D", "1 min", 10314, .permanent),
                (SimulatorHarness.aapl, "20240105-21:00:00", "400 D", "1 day", 321, .permanent),
                (SimulatorHarness.aapl, "20240105-21:00:00", "1 D", "7 mins", 321, .permanent),
            ]
            for (contract, end, duration, barSize, code, classification) in cases {
                await #expect {
                    _ = try await client.historicalBars(
                        contract: contract,
                        endDateTime: end,
                        duration: duration,
                        barSize: barSize,
                        useRTH: true
                    )
                } throws: { error in
                    guard let error = error as? TWSClientError else { return false }
                    return error.code == .ib && error.ibError?.code == code && error.classification == classification
                }
            }
            // The connection survives every one of them.
            #expect(try await client.currentTime() > 0)
            await client.close()
        }
    }

    @Test func tickRequestsIBWouldRefuseGetIBsErrorsAndThePermanentClass() async throws {
        try await SimulatorHarness.with { sim in
            let client = try await sim.connect(clientID: 8)
            let euro = Contract(symbol: "EUR", secType: .forex, exchange: "IDEALPRO", currency: "USD")
            let start = "20240312-14:00:00"
            let cases: [(Contract, String, String, Int, String, Int)] = [
                (SimulatorHarness.aapl, start, "20240312-15:00:00", 100, "TRADES", 321),  // both start and end
                (SimulatorHarness.aapl, start, "", 1_001, "TRADES", 321),  // more than 1000
                (SimulatorHarness.aapl, start, "", 100, "BID", 321),  // not a tick type
                (euro, start, "", 100, "TRADES", 162),  // currencies have no trades
            ]
            for (contract, from, end, count, what, code) in cases {
                await #expect {
                    _ = try await client.historicalTicks(
                        contract: contract,
                        startDateTime: from,
                        endDateTime: end,
                        count: count,
                        whatToShow: what,
                        useRTH: true
                    )
                } throws: { error in
                    (error as? TWSClientError)?.ibError?.code == code
                }
            }
            #expect(try await client.currentTime() > 0)
            await client.close()
        }
    }

    @Test func contractDetailsAndHeadTimestamp() async throws {
        try await SimulatorHarness.with { sim in
            let client = try await sim.connect(clientID: 6)
            let details = try await client.contractDetails(SimulatorHarness.aapl)
            #expect(details.count == 1)
            #expect(details.first?.contract.conId ?? 0 > 0)
            #expect(details.first?.timeZoneID.isEmpty == false)
            let head = try await client.headTimestamp(contract: SimulatorHarness.aapl, useRTH: true)
            #expect(Int64(head) ?? 0 > 0)
            let ticks = try await client.historicalTicks(
                contract: SimulatorHarness.aapl,
                endDateTime: "20240105-21:00:00",
                count: 100,
                useRTH: true
            )
            // The last 100 before the close, and the rest of the earliest second they reach (the closing auction
            // prints over 1000 trades in the session's last second): IB finishes the second.
            #expect(ticks.count >= 100)
            #expect(ticks.allSatisfy { $0.time < 1_704_488_400 })
            #expect(Set(ticks.prefix(ticks.count - 99).map(\.time)).count == 1)
            await client.close()
        }
    }

    @Test func manyRequestsInFlightOnOneConnection() async throws {
        try await SimulatorHarness.with(latency: .milliseconds(50)) { sim in
            let client = try await sim.connect(clientID: 7)
            let symbols = ["AAPL", "MSFT", "AMZN", "GOOGL", "META", "NVDA", "TSLA", "JPM", "XOM", "JNJ"]
            let counts = try await withThrowingTaskGroup(of: (String, Int).self) { group in
                for symbol in symbols {
                    group.addTask {
                        let contract = Contract(symbol: symbol, secType: .stock, exchange: "SMART", currency: "USD")
                        let bars = try await client.historicalBars(
                            contract: contract,
                            endDateTime: "20240105-21:00:00",
                            duration: "1 D",
                            barSize: "1 min",
                            useRTH: true
                        )
                        return (symbol, bars.bars.count)
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(counts.count == symbols.count)
            #expect(counts.values.allSatisfy { $0 == 390 })
            await client.close()
        }
    }

    @Test func aSecondConnectionWithTheSameClientIDGets326() async throws {
        try await SimulatorHarness.with { sim in
            let first = try await sim.connect(clientID: 9)
            await #expect {
                _ = try await sim.connect(clientID: 9)
            } throws: { error in
                (error as? TWSClientError)?.code == .clientIDInUse
                    && (error as? TWSClientError)?.classification == .connection
            }
            // The first connection is unaffected, and the id is free again once it closes.
            #expect(try await first.currentTime() > 0)
            await first.close()
            try await Task.sleep(for: .milliseconds(100))
            let again = try await sim.connect(clientID: 9)
            await again.close()
        }
    }

    @Test func aTimedOutRequestIsCancelledAtTheGateway() async throws {
        try await SimulatorHarness.with(latency: .seconds(10)) { sim in
            let client = try await sim.connect(clientID: 10)
            await #expect {
                _ = try await client.historicalBars(
                    contract: SimulatorHarness.aapl,
                    endDateTime: "20240105-21:00:00",
                    duration: "1 D",
                    barSize: "1 min",
                    useRTH: true,
                    timeout: .milliseconds(300)
                )
            } throws: { error in
                (error as? TWSClientError)?.code == .requestTimedOut
            }
            #expect(await sim.waitForAudit("\"cancelHistoricalData\""))
            await client.close()
        }
    }

    @Test func cancellingTheTaskCancelsTheRequest() async throws {
        try await SimulatorHarness.with(latency: .seconds(10)) { sim in
            let client = try await sim.connect(clientID: 11)
            let task = Task {
                try await client.historicalBars(
                    contract: SimulatorHarness.aapl,
                    endDateTime: "20240105-21:00:00",
                    duration: "1 D",
                    barSize: "1 min",
                    useRTH: true
                )
            }
            #expect(await sim.waitForAudit("\"reqHistoricalData\""))
            task.cancel()
            await #expect {
                _ = try await task.value
            } throws: { error in
                (error as? TWSClientError)?.code == .cancelled
            }
            #expect(await sim.waitForAudit("\"cancelHistoricalData\""))
            #expect(try await client.currentTime() > 0)
            await client.close()
        }
    }
}

@Suite struct SimulatorServingTests {
    @Test func quoteBarsHaveNoVolume() async throws {
        try await SimulatorHarness.with { sim in
            let client = try await sim.connect(clientID: 1)
            for what in ["MIDPOINT", "BID", "ASK", "BID_ASK"] {
                let bars = try await client.historicalBars(
                    contract: SimulatorHarness.aapl,
                    endDateTime: "20240105-21:00:00",
                    duration: "1 D",
                    barSize: "5 mins",
                    whatToShow: what,
                    useRTH: true
                ).bars
                #expect(!bars.isEmpty)
                #expect(bars.allSatisfy { $0.volume == "-1" && $0.wap == "-1" && $0.count == -1 }, "\(what)")
            }
            await client.close()
        }
    }

    @Test func forexHasQuotesButNoTrades() async throws {
        try await SimulatorHarness.with { sim in
            let client = try await sim.connect(clientID: 2)
            let eur = try ContractSymbol.parse("EUR/USD.IDEALPRO")
            // Monday 00:00–01:00 UTC trades on IDEALPRO (24×5); a Saturday does not.
            let midpoints = try await client.historicalBars(
                contract: eur,
                endDateTime: "20240108-01:00:00",
                duration: "3600 S",
                barSize: "1 min",
                whatToShow: "MIDPOINT",
                useRTH: false
            ).bars
            #expect(midpoints.count == 60)
            await #expect {
                _ = try await client.historicalBars(
                    contract: eur,
                    endDateTime: "20240108-01:00:00",
                    duration: "3600 S",
                    barSize: "1 min",
                    whatToShow: "TRADES",
                    useRTH: false
                )
            } throws: { error in
                (error as? TWSClientError)?.ibError?.code == 162
                    && (error as? TWSClientError)?.classification == .permanent
            }
            await client.close()
        }
    }

    @Test func futuresByLocalSymbolAndContinuous() async throws {
        try await SimulatorHarness.with { sim in
            let client = try await sim.connect(clientID: 3)
            let december = try ContractSymbol.parse("ESZ4.CME")
            let bars = try await client.historicalBars(
                contract: december,
                endDateTime: "20241115-22:00:00",
                duration: "1 D",
                barSize: "1 hour",
                useRTH: false
            ).bars
            #expect(!bars.isEmpty)
            let continuous = try ContractSymbol.parse("ES.CME")
            let latest = try await client.historicalBars(
                contract: continuous,
                endDateTime: "",
                duration: "1 M",
                barSize: "1 day",
                useRTH: true
            ).bars
            #expect(!latest.isEmpty)
            await client.close()
        }
    }

    @Test func atMostTheConfiguredNumberOfClients() async throws {
        var configuration = SimulatorConfiguration()
        configuration.port = 0
        configuration.maximumClients = 2
        let server = try SimulatorServer(configuration: configuration)
        let port = try await server.start()
        func connect(_ id: Int) async throws -> TWSConnection {
            var client = TWSClientConfiguration(host: "127.0.0.1", port: port, clientID: id)
            // Patient: a loaded CI machine is slow, not broken.
            client.connectTimeout = .seconds(30)
            client.handshakeTimeout = .seconds(30)
            return try await TWSConnection.connect(configuration: client)
        }
        let first = try await connect(1)
        let second = try await connect(2)
        await #expect {
            _ = try await connect(3)
        } throws: { error in
            (error as? TWSClientError)?.code == .connectionLost
        }
        await first.close()
        await second.close()
        await server.stop()
    }
}
