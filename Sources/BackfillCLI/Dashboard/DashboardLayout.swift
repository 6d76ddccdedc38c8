/// The frame around every page: navigation, the live region that server-sent events replace, and the login state.
enum DashboardLayout {
    enum Tab: String, CaseIterable {
        case overview, pacer, dead, follows

        var path: String { self == .overview ? "/" : "/\(rawValue)" }
        var title: String {
            switch self {
            case .overview: "Overview"
            case .pacer: "Pacer"
            case .dead: "Dead letters"
            case .follows: "Follows"
            }
        }
    }

    /// A whole page. `live` is the fragment inside `<main id="live">`; `events` is the event stream that replaces it
    /// (`/events?page=…`), or `nil` for a page that does not update.
    static func page(title: String, tab: Tab?, live: String, events: String?, loggedIn: Bool, csrf: String?) -> String {
        let navigation = Tab.allCases.map { item in
            "<a href=\"\(item.path)\"\(item == tab ? " class=\"active\"" : "")>\(item.title)</a>"
        }.joined(separator: " ")
        let account =
            loggedIn
            ? "<form method=\"post\" action=\"/logout\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(csrf ?? ""))\"><button>Log out</button></form>"
            : "<a href=\"/login\">Log in</a>"
        let stream = events.map { " data-events=\"\(HTML.escape($0))\"" } ?? ""
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) · Backfill</title>
            <link rel="stylesheet" href="/static/dashboard.css">
            <noscript><meta http-equiv="refresh" content="10"></noscript>
            </head><body>
            <header><strong>Backfill</strong> <nav>\(navigation)</nav> <span class="account">\(account)</span></header>
            <main id="live"\(stream)>
            \(live)
            </main>
            <footer>Live through server-sent events; without JavaScript the page reloads every 10 s. <a href="/api">JSON API</a></footer>
            <script src="/static/live.js"></script>
            </body></html>
            """
    }

    /// A CSS progress bar (no script), with the percentage as text.
    static func progress(tenths: Int) -> String {
        let percent = Double(tenths) / 10
        return "<div class=\"bar\" title=\"\(percent)%\"><div style=\"width:\(percent)%\"></div></div> \(percent)%"
    }

    /// A form that posts one action with the CSRF token; disabled without a login.
    static func action(_ path: String, label: String, fields: [String: String], csrf: String?) -> String {
        let hidden = fields.sorted { $0.key < $1.key }.map {
            "<input type=\"hidden\" name=\"\(HTML.escape($0.key))\" value=\"\(HTML.escape($0.value))\">"
        }.joined()
        guard let csrf else {
            return "<button disabled title=\"Log in to act\">\(HTML.escape(label))</button>"
        }
        return """
            <form method="post" action="\(HTML.escape(path))" class="inline">\(hidden)\
            <input type="hidden" name="csrf" value="\(HTML.escape(csrf))"><button>\(HTML.escape(label))</button></form>
            """
    }

    static let stylesheet = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
        header { background: #1f2d3d; color: #fff; padding: 10px 16px; display: flex; gap: 16px; align-items: center; }
        header nav a { color: #cfe3ff; margin-right: 12px; text-decoration: none; }
        header nav a.active { color: #fff; border-bottom: 2px solid #fff; }
        header .account { margin-left: auto; } header .account a { color: #cfe3ff; }
        main { padding: 16px; } footer { padding: 8px 16px; color: #777; font-size: 12px; }
        table { border-collapse: collapse; margin: 8px 0 16px; background: #fff; }
        th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; font-size: 14px; vertical-align: top; }
        th { background: #f0f3f7; }
        .bar { display: inline-block; width: 140px; height: 12px; background: #e5e5e5; vertical-align: middle; }
        .bar div { height: 12px; background: #2e86de; }
        .charts { display: flex; flex-wrap: wrap; gap: 16px; }
        figure { margin: 0; background: #fff; border: 1px solid #ddd; padding: 8px; }
        figcaption { font-size: 12px; color: #555; } svg text { font-size: 11px; fill: #333; }
        .gauges { display: flex; gap: 16px; flex-wrap: wrap; }
        .error { color: #a00; } form.inline { display: inline; margin: 0 2px; }
        .muted { color: #777; }
        svg text.gauge-value { font-size: 30px; font-weight: bold; } svg text.gauge-limit { font-size: 13px; }
        """

    /// Connects the live region to its event stream and replaces its content with each event's HTML.
    static let script = """
        (function () {
          var main = document.getElementById('live');
          var url = main && main.getAttribute('data-events');
          if (!url || !window.EventSource) return;
          var source = new EventSource(url);
          source.onmessage = function (event) {
            var data = JSON.parse(event.data);
            main.innerHTML = data.html;
            main.setAttribute('data-updated', data.updated);
          };
        })();
        """
}
