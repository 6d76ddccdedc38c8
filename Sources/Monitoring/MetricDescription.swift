/// What one metric family means: its Prometheus name, its `# HELP` text and, for histograms, the bucket bounds.
///
/// swift-metrics' API carries only a label and dimensions, and `promtool check metrics` rejects families without
/// help text, so the help and the buckets travel separately, keyed by name, to ``DescribedPrometheusFactory``.
public struct MetricDescription: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case counter
        case gauge
        /// A histogram of durations, exposed in seconds (a swift-metrics `Timer`).
        case durationHistogram(buckets: [Duration])
    }

    public var name: String
    public var help: String
    public var kind: Kind

    public init(_ name: String, _ kind: Kind, help: String) {
        self.name = name
        self.help = help
        self.kind = kind
    }
}
