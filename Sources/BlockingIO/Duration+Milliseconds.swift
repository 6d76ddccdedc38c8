extension Duration {
    /// Whole milliseconds, rounded down; what C APIs that take a timeout want.
    public var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
