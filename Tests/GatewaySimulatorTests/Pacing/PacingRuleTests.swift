import GatewaySimulator
import Testing

@Suite("Pacing: rule names and IB error texts")
struct PacingRuleTests {
    @Test func identifiersAreStableAndUnique() {
        #expect(
            PacingRule.all.map(\.identifier) == [
                "identical-15s", "per-contract-2s", "rolling-10min", "open-requests-50", "message-rate-50s",
                "soft-throttle-flood",
            ]
        )
        for rule in PacingRule.all {
            #expect(PacingRule(identifier: rule.identifier) == rule)
            #expect(rule.description == rule.identifier)
        }
        #expect(PacingRule(identifier: "nope") == nil)
    }

    @Test(arguments: [PacingRule.identicalRequest, .perContract, .rollingWindow])
    func historicalRulesSend162(rule: PacingRule) {
        #expect(rule.errorCode == 162)
        #expect(
            rule.errorMessage
                == "Historical Market Data Service error message:Historical data request pacing violation"
        )
    }

    @Test func openRequestsSends322() {
        #expect(PacingRule.openRequests.errorCode == 322)
        #expect(
            PacingRule.openRequests.errorMessage
                == "Error processing request:-'wd' : cause - Only 50 simultaneous API historical data requests allowed."
        )
    }

    @Test func verdicts() {
        #expect(PacingVerdict.allowed(latency: 0).isAllowed)
        #expect(PacingVerdict.allowed(latency: 0).brokenRule == nil)
        #expect(!PacingVerdict.violation(.perContract).isAllowed)
        #expect(PacingVerdict.violation(.perContract).brokenRule == .perContract)
    }
}
