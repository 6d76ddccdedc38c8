/// What `/healthz` answers: 200 with the body when healthy, 503 otherwise.
public struct HealthReport: Sendable, Hashable {
    public var healthy: Bool
    /// A JSON object describing the state, for humans and probes alike.
    public var body: String

    public init(healthy: Bool, body: String) {
        self.healthy = healthy
        self.body = body
    }
}
