/// How a simulator with ``SimulatorConfiguration/maximumDurations`` answers a request whose window is longer than
/// its bar size's maximum: the three answers a downloader must survive from a gateway that finds a request too large.
public enum OversizeAnswer: String, Sendable, Hashable, CaseIterable {
    /// Error 162 "Time length exceed max", IB's answer to a duration its step table refuses.
    case error
    /// Bars of the window's latest part only, as if the duration had been the maximum.
    case truncate
    /// No answer at all: the client's timeout is what ends the request.
    case silence
}
