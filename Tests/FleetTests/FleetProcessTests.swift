import Testing

/// Every suite that runs real processes (simulator, workers, commands against Redis and PostgreSQL) nests in here,
/// so that only one of them loads the machine at a time. Side by side on a 2-core CI machine they starved each
/// other, and everything else running then, into timeouts that had nothing to do with what was tested.
@Suite(.serialized) enum FleetProcessTests {}
