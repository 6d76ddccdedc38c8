import Foundation

/// The calling thread as the kernel sees it, for tests that check where a job runs.
public enum CurrentThread {
    /// The kernel's name of the calling thread (what `top -H` shows), e.g. `postgres 127.0.` for a connection's.
    public static var name: String {
        #if os(Linux)
        let text = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? ""
        return text.trimmingCharacters(in: .newlines)
        #else
        return Thread.current.name ?? ""
        #endif
    }
}
