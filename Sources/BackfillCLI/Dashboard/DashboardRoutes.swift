import BackfillStore
import ChunkPlanning
import Foundation
import GlobalPacer
import HTTPTypes
import Hummingbird
import NIOCore
import WorkQueue

/// The dashboard's routes: pages, their event streams, the JSON API, login and actions.
///
/// Security: bound to loopback, pages are open and actions need a login; bound elsewhere, every page needs the
/// login too. A login is `BACKFILL_DASHBOARD_TOKEN` posted to `/login`, kept as an HttpOnly, SameSite=Strict cookie;
/// every action also posts the session's CSRF token, and anything else gets 403 and changes nothing.
struct DashboardRoutes: Sendable {
    let state: DashboardState
    let sessions: DashboardSessions
    let actions: DashboardActions
    /// Whether the server listens on loopback only.
    let loopbackOnly: Bool

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/static/dashboard.css") { _, _ in
            Self.response(DashboardLayout.stylesheet, type: "text/css; charset=utf-8")
        }
        router.get("/static/live.js") { _, _ in
            Self.response(DashboardLayout.script, type: "text/javascript; charset=utf-8")
        }
        router.get("/healthz") { _, _ in Self.response("{\"ok\":true}", type: "application/json") }
        for tab in DashboardLayout.Tab.allCases {
            router.get(RouterPath(tab.path)) { request, _ in
                try await page(request, tab: tab)
            }
        }
        router.get("/backfills/:id") { request, context in
            try await backfillPage(request, id: context.parameters.get("id") ?? "")
        }
        router.get("/events") { request, _ in try await events(request) }
        router.get("/login") { request, _ in
            let message = request.uri.queryParameters.get("failed") != nil ? "<p class=\"error\">Wrong token.</p>" : ""
            return Self.response(Self.loginPage(message: message), type: "text/html; charset=utf-8")
        }
        router.post("/login") { request, _ in try await login(request) }
        router.post("/logout") { request, _ in try await logout(request) }
        router.post("/actions/:action") { request, context in
            try await act(request, action: context.parameters.get("action") ?? "")
        }
        DashboardAPI(state: state, sessions: sessions, loopbackOnly: loopbackOnly).register(on: router)
        return router
    }

    // MARK: Pages

    private func page(_ request: Request, tab: DashboardLayout.Tab) async throws -> Response {
        let viewer = sessions.session(cookieHeader: request.headers[.cookie])
        if !loopbackOnly && viewer == nil { return Self.redirect("/login") }
        let snapshot = await state.latest()
        let csrf = viewer?.session.csrf
        let live = Self.fragment(tab, snapshot, csrf: csrf)
        let html = DashboardLayout.page(
            title: tab.title,
            tab: tab,
            live: live,
            events: "/events?page=\(tab.rawValue)&shown=\(Self.version(live))",
            loggedIn: viewer != nil,
            csrf: csrf
        )
        return Self.response(html, type: "text/html; charset=utf-8")
    }

    private func backfillPage(_ request: Request, id: String) async throws -> Response {
        let viewer = sessions.session(cookieHeader: request.headers[.cookie])
        if !loopbackOnly && viewer == nil { return Self.redirect("/login") }
        guard let detail = try await BackfillPage.Detail.read(id, store: state.reader.store) else {
            return Self.response(
                "<p>No backfill \(HTML.escape(id)).</p>",
                type: "text/html; charset=utf-8",
                status: .notFound
            )
        }
        let live = BackfillPage.fragment(detail, csrf: viewer?.session.csrf)
        let escapedID = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let html = DashboardLayout.page(
            title: "Backfill \(id.prefix(12))",
            tab: nil,
            live: live,
            events: "/events?page=backfill&id=\(escapedID)&shown=\(Self.version(live))",
            loggedIn: viewer != nil,
            csrf: viewer?.session.csrf
        )
        return Self.response(html, type: "text/html; charset=utf-8")
    }

    static func fragment(_ tab: DashboardLayout.Tab, _ snapshot: DashboardSnapshot, csrf: String?) -> String {
        switch tab {
        case .overview: OverviewPage.fragment(snapshot)
        case .pacer: PacerPage.fragment(snapshot)
        case .dead: DeadLettersPage.fragment(snapshot, csrf: csrf)
        case .follows: FollowsPage.fragment(snapshot)
        }
    }

    /// Server-sent events: the page's live region, re-rendered from each new snapshot, as JSON `{html, updated}`.
    private func events(_ request: Request) async throws -> Response {
        let viewer = sessions.session(cookieHeader: request.headers[.cookie])
        if !loopbackOnly && viewer == nil {
            return Self.response("login required", type: "text/plain", status: .forbidden)
        }
        let name = request.uri.queryParameters.get("page") ?? "overview"
        let backfillID = request.uri.queryParameters.get("id")
        let tab = DashboardLayout.Tab(rawValue: name)
        guard tab != nil || (name == "backfill" && backfillID != nil) else {
            return Self.response("unknown page", type: "text/plain", status: .badRequest)
        }
        let csrf = viewer?.session.csrf
        let state = state
        // What the page was rendered with: an event is sent only when the content differs from it, so a page that
        // just loaded is not redrawn (and its elements replaced) for nothing.
        let shown = request.uri.queryParameters.get("shown").map { String($0) } ?? ""
        let body = ResponseBody { writer in
            var lastSent = shown
            while !Task.isCancelled {
                let html: String
                if let tab {
                    html = Self.fragment(tab, await state.latest(), csrf: csrf)
                } else if let backfillID,
                    let detail = try? await BackfillPage.Detail.read(backfillID, store: state.reader.store)
                {
                    html = BackfillPage.fragment(detail, csrf: csrf)
                } else {
                    html = "<p class=\"error\">This backfill cannot be read.</p>"
                }
                // A comment line keeps proxies from closing an idle stream; new content goes as an event.
                let version = Self.version(html)
                let event = version == lastSent ? ": unchanged\n\n" : "data: \(Self.eventJSON(html))\n\n"
                lastSent = version
                try await writer.write(ByteBuffer(string: event))
                try await Task.sleep(for: state.interval)
            }
            try await writer.finish(nil)
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: body)
    }

    /// A short fingerprint of a fragment, to tell whether a page already shows it (the same process renders both,
    /// so Swift's per-process hash is enough).
    static func version(_ html: String) -> String {
        String(UInt(bitPattern: html.hashValue), radix: 36)
    }

    static func eventJSON(_ html: String) -> String {
        let object: [String: Any] = ["html": html, "updated": Date().timeIntervalSince1970]
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: Login and actions

    private func login(_ request: Request) async throws -> Response {
        var request = request
        let form = DashboardForm(String(buffer: try await request.collectBody(upTo: 16_384)))
        guard let (id, _) = sessions.login(offered: form["token"] ?? "") else {
            return Self.redirect("/login?failed=1")
        }
        var response = Self.redirect("/")
        response.headers[.setCookie] =
            "\(DashboardSessions.cookie)=\(id); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(Int(DashboardSessions.lifetime))"
        return response
    }

    private func logout(_ request: Request) async throws -> Response {
        var request = request
        let form = DashboardForm(String(buffer: try await request.collectBody(upTo: 16_384)))
        guard let viewer = sessions.session(cookieHeader: request.headers[.cookie]), form["csrf"] == viewer.session.csrf
        else { return Self.forbidden() }
        sessions.logout(viewer.id)
        var response = Self.redirect("/")
        response.headers[.setCookie] = "\(DashboardSessions.cookie)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
        return response
    }

    private func act(_ request: Request, action: String) async throws -> Response {
        var request = request
        let form = DashboardForm(String(buffer: try await request.collectBody(upTo: 16_384)))
        guard let viewer = sessions.session(cookieHeader: request.headers[.cookie]),
            let csrf = form["csrf"],
            DashboardSessions.constantTimeEquals(Array(csrf.utf8), Array(viewer.session.csrf.utf8))
        else { return Self.forbidden() }
        let chunk = form["chunk"].flatMap { $0.isEmpty ? nil : $0 }
        let backfill = form["backfill"].flatMap { $0.isEmpty ? nil : $0 }
        switch action {
        case "retry": _ = try await actions.retry(chunk: chunk, backfill: backfill)
        case "purge": _ = try await actions.purge(backfill: backfill)
        case "cancel":
            guard let backfill else { return Self.response("name a backfill", type: "text/plain", status: .badRequest) }
            _ = try await actions.cancel(backfill: backfill)
        default:
            return Self.response("unknown action", type: "text/plain", status: .notFound)
        }
        await state.refresh()
        return Self.redirect(
            backfill.map { "/backfills/\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                ?? "/dead"
        )
    }

    // MARK: Responses

    static func response(_ text: String, type: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        // No script but our own file, no framing by another site, nothing cached.
        headers[.contentSecurityPolicy] =
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    static func forbidden() -> Response {
        response(
            "403: log in first, and post the page's CSRF token",
            type: "text/plain; charset=utf-8",
            status: .forbidden
        )
    }

    static func loginPage(message: String) -> String {
        DashboardLayout.page(
            title: "Log in",
            tab: nil,
            live: """
                <h2>Log in</h2>\(message)
                <form method="post" action="/login"><label>Token (BACKFILL_DASHBOARD_TOKEN)
                <input type="password" name="token" autocomplete="current-password"></label> <button>Log in</button></form>
                """,
            events: nil,
            loggedIn: false,
            csrf: nil
        )
    }
}
