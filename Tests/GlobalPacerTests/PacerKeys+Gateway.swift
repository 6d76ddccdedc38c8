import GlobalPacer

extension PacerKeys {
    /// The gateway-wide keys (not the per-contract ones), to check them all.
    var gatewayKeys: [String] {
        [rolling, identical, open, messages, cooldown, largeBars, adaptive]
    }
}
