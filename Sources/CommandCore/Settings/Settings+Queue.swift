import WorkQueue

extension Settings {
    /// The work queue's settings: its keys follow `BACKFILL_KEY_PREFIX` and `BACKFILL_HASH_TAG`.
    package var queueConfiguration: WorkQueue.Configuration {
        var configuration = WorkQueue.Configuration()
        configuration.prefix = keyPrefix
        configuration.hashTag = hashTag
        return configuration
    }
}
