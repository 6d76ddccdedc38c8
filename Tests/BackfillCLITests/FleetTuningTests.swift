import Testing

@testable import BackfillCLI
@testable import CommandCore

/// The workers' `BACKFILL_*` settings: defaults, values, and one sentence naming a malformed one.
@Suite struct FleetTuningTests {
    @Test func defaultsSuitARealGateway() throws {
        let tuning = try FleetTuning(sources: SettingSources())
        #expect(tuning == FleetTuning())
        #expect(tuning.concurrency == 4)
        #expect(tuning.pacingScale == 1)
        #expect(tuning.maxOpenRequests == 6)
        #expect(tuning.outageRetrySeconds == 5)
        #expect(tuning.pacingRetrySeconds == 10)
        #expect(tuning.metricsPort == nil)
        #expect(tuning.pacingMarginMilliseconds == 250)
        #expect(tuning.testSendDelayMilliseconds == 0)
    }

    @Test func readsEverySetting() throws {
        let tuning = try FleetTuning(
            sources: SettingSources(environment: [
                "BACKFILL_CONCURRENCY": "8", "BACKFILL_PACING_SCALE": "0.05", "BACKFILL_PACING_PROFILE": "STRICT",
                "BACKFILL_MAX_OPEN_REQUESTS": "12", "BACKFILL_MAX_ATTEMPTS": "3", "BACKFILL_CHUNK_LEASE_SECONDS": "30",
                "BACKFILL_HEARTBEAT_SECONDS": "2", "BACKFILL_SHUTDOWN_GRACE_SECONDS": "0",
                "BACKFILL_REQUEST_TIMEOUT_SECONDS": "90", "BACKFILL_OUTAGE_RETRY_SECONDS": "1.5",
                "BACKFILL_PACING_RETRY_SECONDS": "20", "BACKFILL_METRICS_PORT": "9464",
                "BACKFILL_PACING_MARGIN_MS": "100", "BACKFILL_TEST_SEND_DELAY_MS": "700",
            ])
        )
        #expect(tuning.concurrency == 8)
        #expect(tuning.pacingScale == 0.05)
        #expect(tuning.strictPacing)
        #expect(tuning.maxOpenRequests == 12)
        #expect(tuning.maxAttempts == 3)
        #expect(tuning.chunkLeaseSeconds == 30)
        #expect(tuning.heartbeatSeconds == 2)
        #expect(tuning.shutdownGraceSeconds == 0)
        #expect(tuning.requestTimeoutSeconds == 90)
        #expect(tuning.outageRetrySeconds == 1.5)
        #expect(tuning.pacingRetrySeconds == 20)
        #expect(tuning.metricsPort == 9464)
        #expect(tuning.pacingMarginMilliseconds == 100)
        #expect(tuning.testSendDelayMilliseconds == 700)
    }

    @Test func metricsPortZeroMeansOff() throws {
        let tuning = try FleetTuning(sources: SettingSources(environment: ["BACKFILL_METRICS_PORT": "0"]))
        #expect(tuning.metricsPort == nil)
    }

    @Test(arguments: [
        ("BACKFILL_METRICS_PORT", "70000"), ("BACKFILL_METRICS_PORT", "http"), ("BACKFILL_CONCURRENCY", "0"),
        ("BACKFILL_PACING_PROFILE", "fast"), ("BACKFILL_OUTAGE_RETRY_SECONDS", "-1"),
        ("BACKFILL_PACING_RETRY_SECONDS", "nan"), ("BACKFILL_MAX_OPEN_REQUESTS", "51"),
        ("BACKFILL_TEST_SEND_DELAY_MS", "-5"),
    ])
    func aMalformedSettingIsNamed(setting: String, value: String) {
        #expect {
            try FleetTuning(sources: SettingSources(environment: [setting: value]))
        } throws: { error in
            (error as? ConfigurationError)?.setting == setting
                && (error as? ConfigurationError)?.message.contains(value) == true
        }
    }

    @Test func heartbeatsMustFitTwiceIntoALease() {
        #expect(throws: ConfigurationError.self) {
            try FleetTuning(
                sources: SettingSources(environment: [
                    "BACKFILL_CHUNK_LEASE_SECONDS": "10", "BACKFILL_HEARTBEAT_SECONDS": "6",
                ])
            )
        }
    }
}
