import BackfillCore
import GlobalPacer

extension Settings {
    /// The global pacer's settings from `BACKFILL_*` tuning and the key prefix and hash tag, the same for every
    /// command that talks to a gateway (workers, and planning when it asks for head timestamps).
    var pacerConfiguration: PacerConfiguration {
        var configuration = PacerConfiguration(scale: tuning.pacingScale, strictForLargeBars: tuning.strictPacing)
        configuration.prefix = keyPrefix
        configuration.hashTag = hashTag
        configuration.maxOpenRequests = tuning.maxOpenRequests
        configuration.windowMargin = .milliseconds(tuning.pacingMarginMilliseconds)
        // A request may run until its timeout; its open-request slot must outlive it, or the cap could be exceeded.
        configuration.openRequestLease = .seconds(tuning.requestTimeoutSeconds + 30)
        return configuration
    }
}
