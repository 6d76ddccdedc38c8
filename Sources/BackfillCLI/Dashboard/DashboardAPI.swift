import BackfillStore
import ChunkPlanning
import Foundation
import GlobalPacer
import Hummingbird
import WorkQueue

/// `/api/…`: the dashboard's data as JSON. `/api/status` is exactly `backfill status --json`.
struct DashboardAPI: Sendable {
    let state: DashboardState
    let sessions: DashboardSessions
    let loopbackOnly: Bool

    /// The endpoints and what they return (served at `/api`).
    static let endpoints: [String: String] = [
        "/api/status": "what `backfill status --json` prints: backfills, queue, workers, pacers, scheduler, errors",
        "/api/throughput": "chunks and bars finished per minute over the last hour",
        "/api/queue-history": "queue depth by state, sampled by this dashboard over the last hour",
        "/api/dead": "the newest dead chunks with IB's code and text, attempts and the request",
        "/api/follows": "the subscriptions, as `backfill follow list --json`",
        "/api/backfills/{id}": "one backfill: progress, chunks by state, instruments, latest errors",
    ]

    func register(on router: Router<BasicRequestContext>) {
        router.get("/api") { request, _ in
            try guarded(request) { Self.json(Self.endpoints) }
        }
        router.get("/api/status") { request, _ in
            let snapshot = await state.latest()
            return try guarded(request) {
                DashboardRoutes.response(StatusJSON.line(snapshot.status), type: "application/json")
            }
        }
        router.get("/api/throughput") { request, _ in
            let snapshot = await state.latest()
            return try guarded(request) {
                Self.json(snapshot.throughput.map { ["minute": $0.minute, "chunks": $0.chunks, "bars": $0.bars] })
            }
        }
        router.get("/api/queue-history") { request, _ in
            let snapshot = await state.latest()
            return try guarded(request) {
                Self.json(
                    snapshot.queueHistory.map {
                        [
                            "time": $0.time, "ready": $0.ready, "delayed": $0.delayed, "inFlight": $0.inFlight,
                            "dead": $0.dead,
                        ]
                    }
                )
            }
        }
        router.get("/api/dead") { request, _ in
            let snapshot = await state.latest()
            return try guarded(request) {
                Self.json(
                    snapshot.dead.map { chunk -> [String: Any] in
                        [
                            "id": chunk.id, "backfill": chunk.backfillID, "symbol": chunk.symbol,
                            "request": chunk.request,
                            "attempts": chunk.attempts, "ibCode": chunk.errorCode ?? NSNull(),
                            "ibText": chunk.errorText ?? NSNull(), "diedAt": chunk.diedAt,
                        ]
                    }
                )
            }
        }
        router.get("/api/follows") { request, _ in
            let snapshot = await state.latest()
            return try guarded(request) {
                DashboardRoutes.response(
                    FollowListCommand.json(snapshot.follows, now: snapshot.marketNow, delay: snapshot.schedulerDelay),
                    type: "application/json"
                )
            }
        }
        router.get("/api/backfills/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            let detail = try await BackfillPage.Detail.read(id, store: state.reader.store)
            return try guarded(request) {
                guard let detail else {
                    return DashboardRoutes.response(
                        "{\"error\":\"no such backfill\"}",
                        type: "application/json",
                        status: .notFound
                    )
                }
                var object = StatusJSON.backfill(detail.progress)
                object["states"] = detail.states
                object["instruments"] = detail.instruments.map {
                    ["symbol": $0.symbol, "total": $0.total, "finished": $0.finished, "dead": $0.dead, "bars": $0.bars]
                }
                object["errors"] = detail.errors.map {
                    [
                        "chunk": $0.id, "state": $0.state, "attempts": $0.attempts, "ibCode": $0.errorCode ?? NSNull(),
                        "ibText": $0.errorText, "at": $0.updatedAt,
                    ] as [String: Any]
                }
                return Self.json(object)
            }
        }
    }

    /// Off loopback, the API needs the login as the pages do.
    private func guarded(_ request: Request, _ body: () throws -> Response) throws -> Response {
        if !loopbackOnly && sessions.session(cookieHeader: request.headers[.cookie]) == nil {
            return DashboardRoutes.response(
                "{\"error\":\"login required\"}",
                type: "application/json",
                status: .forbidden
            )
        }
        return try body()
    }

    static func json(_ value: Any) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data("null".utf8)
        return DashboardRoutes.response(String(decoding: data, as: UTF8.self), type: "application/json")
    }
}
