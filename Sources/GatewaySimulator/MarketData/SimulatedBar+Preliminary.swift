extension SimulatedBar {
    /// The figures IB might show for this bar before revising it: a tenth less volume and one trade fewer.
    ///
    /// Prices stay as they are (revisions seen from IB are mostly late trades added to the volume). Quote bars
    /// (volume `-1`) have nothing to revise and come back unchanged.
    var preliminary: SimulatedBar {
        guard let volume = Int64(volume), volume > 0, count > 0 else { return self }
        return SimulatedBar(
            start: start,
            open: open,
            high: high,
            low: low,
            close: close,
            volume: String(volume - max(1, volume / 10)),
            wap: wap,
            count: count - 1
        )
    }
}
