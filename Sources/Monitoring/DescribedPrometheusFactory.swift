import CoreMetrics
import Prometheus

/// A swift-metrics factory backed by a Prometheus registry that gives each family its help text and buckets.
///
/// Library code records through swift-metrics (`Counter`, `Gauge`, `Meter`, `Timer`); this factory turns those into
/// swift-prometheus metrics. Names not in the catalogue (a dependency's own metrics) still work, with a generic help
/// line, so the exposition always passes `promtool check metrics`.
public struct DescribedPrometheusFactory: MetricsFactory {
    public let registry: PrometheusCollectorRegistry
    private let descriptions: [String: MetricDescription]
    private static let defaultBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5),
        .seconds(10), .seconds(30), .seconds(60),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), catalogue: [MetricDescription]) {
        self.registry = registry
        self.descriptions = Dictionary(catalogue.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private func help(_ name: String) -> String {
        descriptions[name]?.help ?? "\(name) (no description)"
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(name: label, labels: dimensions, help: help(label))
    }

    public func makeFloatingPointCounter(
        label: String,
        dimensions: [(String, String)]
    ) -> any FloatingPointCounterHandler {
        registry.makeCounter(name: label, labels: dimensions, help: help(label))
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        // Only gauges are described here; an aggregating recorder is kept as a gauge of its last value rather than
        // guessing value buckets nobody chose.
        registry.makeGauge(name: label, labels: dimensions, help: help(label))
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(name: label, labels: dimensions, help: help(label))
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        var buckets = Self.defaultBuckets
        if case .durationHistogram(let described)? = descriptions[label]?.kind { buckets = described }
        return registry.makeDurationHistogram(name: label, labels: dimensions, buckets: buckets, help: help(label))
    }

    public func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    public func destroyRecorder(_ handler: any RecorderHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    public func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    public func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? DurationHistogram { registry.unregisterDurationHistogram(histogram) }
    }
}
