import Foundation

/// The interpreter of the virtual environment that holds nautilus_trader[ib] (Deploy/test.sh makes it and passes
/// it in `BACKFILL_NAUTILUS_PYTHON`): Nautilus needs Python 3.12 or newer and pins its own ibapi.
public enum NautilusPython {
    public static let path = ProcessInfo.processInfo.environment["BACKFILL_NAUTILUS_PYTHON"].flatMap {
        $0.isEmpty ? nil : $0
    }
}
