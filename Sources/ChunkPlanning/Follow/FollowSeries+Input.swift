import TWSProtocol

extension FollowSeries {
    /// The series a command line names: `--bar` with an optional `--what` (TRADES by default), or `--ticks`.
    ///
    /// - Throws: ``InputError`` with one sentence for a bar size or tick type IB does not know, for both or neither
    ///   of `--bar` and `--ticks`, and for `--what` beside `--ticks`.
    public init(bar: String?, what: String?, ticks: String?) throws(InputError) {
        switch (bar, ticks) {
        case (let bar?, nil):
            do {
                self = .bars(try BarSizeSetting(parsing: bar), whatToShow: Planner.normalized(what ?? "TRADES"))
            } catch {
                throw InputError(error.message)
            }
        case (nil, let ticks?):
            guard what == nil else { throw InputError("--ticks replaces --what: give one of them.") }
            self = .ticks(try TickType(parsing: ticks))
        default:
            throw InputError("Give exactly one of --bar (with --what) and --ticks.")
        }
    }
}
