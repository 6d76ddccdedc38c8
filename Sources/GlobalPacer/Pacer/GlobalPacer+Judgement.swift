extension GlobalPacer {
    /// What one run of the decide script came to.
    enum Judgement: Sendable, Hashable {
        /// A decision, and the forward step of Redis's clock its reading showed, if any.
        case decided(PacerDecision, ClockStep?)
        /// The script read its clock past the ceiling and judged nothing; the step, if it was one and not a slow
        /// call.
        case clockAhead(ClockStep?)
    }
}
