/// The queue's state at one instant, for `backfill status` and metrics.
public struct QueueStats: Sendable, Hashable {
    /// The ready chunks of one priority.
    public struct PriorityLevel: Sendable, Hashable {
        public var priority: Int
        public var ready: Int
        /// How long the first chunk in line at this priority has been waiting.
        public var oldestReadyAge: Duration

        public init(priority: Int, ready: Int, oldestReadyAge: Duration) {
            self.priority = priority
            self.ready = ready
            self.oldestReadyAge = oldestReadyAge
        }
    }

    /// A worker that is registered (and not expired) or holds chunks.
    public struct Worker: Sendable, Hashable {
        public var id: String
        /// The TWS client id it registered with; nil if it holds chunks without a live registration.
        public var clientID: Int?
        /// When its registration runs out; nil if it is not registered.
        public var registrationExpires: RedisTime?
        /// When it last registered or renewed.
        public var lastSeen: RedisTime?
        /// Chunks it holds now.
        public var inFlight: Int
        /// The gateway it registered with (`host:port`); nil for an older worker or one without a registration.
        public var gateway: String?

        public init(
            id: String,
            clientID: Int?,
            registrationExpires: RedisTime?,
            lastSeen: RedisTime?,
            inFlight: Int,
            gateway: String? = nil
        ) {
            self.gateway = gateway
            self.id = id
            self.clientID = clientID
            self.registrationExpires = registrationExpires
            self.lastSeen = lastSeen
            self.inFlight = inFlight
        }
    }

    /// The server's time when the stats were read.
    public var time: RedisTime
    /// Ready chunks by priority, highest priority first.
    public var readyByPriority: [PriorityLevel]
    /// Ready chunks in all.
    public var ready: Int
    /// Chunks waiting for their backoff or cooldown.
    public var delayed: Int
    /// Chunks leased to workers.
    public var inFlight: Int
    /// Dead-lettered chunks.
    public var dead: Int
    /// The length of the backlog list that KEDA watches (ready plus in flight).
    public var backlog: Int
    /// When the next delayed chunk is due, if any.
    public var nextDelayedDue: RedisTime?
    /// Live workers and every holder of in-flight chunks, by id.
    public var workers: [Worker]

    /// The longest wait among the first chunks in line, over all priorities.
    public var oldestReadyAge: Duration? {
        readyByPriority.map(\.oldestReadyAge).max()
    }

    public init(
        time: RedisTime,
        readyByPriority: [PriorityLevel],
        ready: Int,
        delayed: Int,
        inFlight: Int,
        dead: Int,
        backlog: Int,
        nextDelayedDue: RedisTime?,
        workers: [Worker]
    ) {
        self.time = time
        self.readyByPriority = readyByPriority
        self.ready = ready
        self.delayed = delayed
        self.inFlight = inFlight
        self.dead = dead
        self.backlog = backlog
        self.nextDelayedDue = nextDelayedDue
        self.workers = workers
    }
}
