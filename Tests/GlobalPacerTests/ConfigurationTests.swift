import BlockingIO
import GlobalPacer
import RedisKit
import Testing

@Suite struct ConfigurationTests {
    @Test func theDefaultsAreValidAndBelowIBsLimits() throws {
        let configuration = PacerConfiguration()
        try configuration.validate()
        #expect(configuration.scale == 1)
        #expect(configuration.rollingLimit == 60)
        #expect(configuration.perContractLimit == 5)
        #expect(configuration.maxOpenRequests == 6)
        #expect(configuration.messageLimit == 45)
        #expect(configuration.largeBars.rateLimit == 60)
    }

    /// One bad setting each, named for the test report.
    static let invalid: [(String, PacerConfiguration)] = [
        changed("zero scale") { $0.scale = 0 },
        changed("negative scale") { $0.scale = -1 },
        changed("infinite scale") { $0.scale = .infinity },
        changed("NaN scale") { $0.scale = .nan },
        changed("no open requests") { $0.maxOpenRequests = 0 },
        changed("more than IB's 50") { $0.maxOpenRequests = 51 },
        changed("empty tag") { $0.hashTag = "" },
        changed("brace in tag") { $0.hashTag = "a}b" },
        changed("brace in prefix") { $0.prefix = "x{y}:" },
        changed("zero rolling limit") { $0.rollingLimit = 0 },
        changed("zero window") { $0.perContractWindow = 0 },
        changed("cap below base") { $0.cooldownCap = 30 },
        changed("negative margin") { $0.windowMargin = .milliseconds(-1) },
        changed("zero lease") { $0.openRequestLease = .zero },
        changed("zero floor") { $0.largeBars.minimumRateFraction = 0 },
        changed("no recovery") { $0.largeBars.recoveryPerWindow = 0 },
    ]

    static func changed(_ name: String, _ change: (inout PacerConfiguration) -> Void) -> (String, PacerConfiguration) {
        var configuration = PacerConfiguration()
        change(&configuration)
        return (name, configuration)
    }

    @Test(arguments: invalid)
    func invalidSettingsAreRejected(_ name: String, _ configuration: PacerConfiguration) {
        #expect(throws: PacerError.self, "\(name)") { try configuration.validate() }
        do {
            try configuration.validate()
        } catch {
            #expect(error.code == .invalidConfiguration)
        }
    }

    @Test func smallBarsAndHeadTimestampsGetEveryStrictRule() {
        let configuration = PacerConfiguration()
        let strict: Set<PacerRule> = [.rolling60, .perContract, .identical, .openRequests, .messageRate, .cooldown]
        #expect(configuration.rules(for: .small(1)) == strict)
        var head = PacedRequest.large(1)
        head.kind = .headTimestamp
        #expect(configuration.rules(for: head) == strict)
        var thirtySeconds = PacedRequest.small(1)
        thirtySeconds.kind = .historicalData(barSizeSeconds: 30)
        #expect(configuration.rules(for: thirtySeconds) == strict)
    }

    @Test func largeBarsGetTheirProfileUnlessStrict() {
        var configuration = PacerConfiguration()
        #expect(
            configuration.rules(for: .large(1))
                == [.perContract, .identical, .openRequests, .messageRate, .cooldown, .largeBarRate]
        )
        configuration.largeBars.rules = [.largeBarRate]
        #expect(configuration.rules(for: .large(1)) == [.openRequests, .cooldown, .largeBarRate])
        configuration.strictForLargeBars = true
        #expect(!configuration.rules(for: .large(1)).contains(.largeBarRate))
        #expect(configuration.rules(for: .large(1)).contains(.rolling60))
    }

    @Test func bidAskWeighsTwo() {
        let configuration = PacerConfiguration()
        #expect(configuration.weight(of: .small(1, whatToShow: "BID_ASK")) == 2)
        #expect(configuration.weight(of: .small(1, whatToShow: "TRADES")) == 1)
        #expect(configuration.weight(of: .small(1, whatToShow: "MIDPOINT")) == 1)
    }

    @Test func windowsAreScaledRoundedUpAndGetTheMargin() {
        var configuration = PacerConfiguration(scale: 0.01)
        configuration.windowMargin = .milliseconds(50)
        #expect(configuration.windowMilliseconds(15) == 200)
        #expect(configuration.windowMilliseconds(600) == 6050)
        configuration.windowMargin = .zero
        #expect(configuration.windowMilliseconds(2) == 20)
        configuration.scale = 0.0001
        #expect(configuration.windowMilliseconds(1) == 1)
    }

    @Test func keysShareOneHashTagAndNameTheGateway() throws {
        let keys = try PacerKeys(prefix: "backfill:", tag: "bf", gateway: "127.0.0.1:4002")
        #expect(keys.base == "backfill:{bf}:pacer:127.0.0.1:4002:")
        #expect(keys.rolling == "backfill:{bf}:pacer:127.0.0.1:4002:rolling")
        let contract = keys.perContract(contractKey: "A|B", exchange: "SMART", whatToShow: "BID_ASK")
        #expect(contract == "backfill:{bf}:pacer:127.0.0.1:4002:contract:BID_ASK|SMART|A|B")
        for key in keys.gatewayKeys + [contract] {
            #expect(key.hasPrefix("backfill:{bf}:"))
        }
        #expect(throws: PacerError.self) { try PacerKeys(prefix: "", tag: "bf", gateway: "") }
    }

    @Test func theSlidingWindowAuditFindsTheHeaviestWindow() {
        let events: [(time: Int64, weight: Int)] = [(0, 1), (5, 2), (9, 1), (10, 1), (10, 1), (25, 1)]
        // Window 10: (0, 10] holds 5, 9, 10, 10 = 5; the event at 0 has left at 10.
        #expect(SlidingWindow.maximumWeight(of: events, window: 10) == 5)
        #expect(SlidingWindow.maximumWeight(of: events, window: 11) == 6)
        #expect(SlidingWindow.maximumWeight(of: events, window: 1) == 2)
        #expect(SlidingWindow.maximumWeight(of: [], window: 5) == 0)
    }
}
