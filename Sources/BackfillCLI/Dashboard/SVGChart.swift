import Foundation

/// Charts drawn on the server as SVG: no script, no CDN, readable without JavaScript and in a screenshot.
enum SVGChart {
    /// One series of a line chart.
    struct Series {
        var name: String
        var color: String
        var values: [Double]
    }

    /// Lines over a shared x axis (evenly spaced samples), with the largest value as the scale and a legend.
    static func lines(_ series: [Series], width: Int = 640, height: Int = 160, caption: String) -> String {
        let count = series.map(\.values.count).max() ?? 0
        let top = max(1, series.flatMap(\.values).max() ?? 1)
        let plotHeight = Double(height - 24)
        var paths = ""
        for line in series where count > 1 {
            let points = line.values.enumerated().map { index, value in
                let x = Double(index) / Double(count - 1) * Double(width - 10) + 5
                let y = plotHeight - value / top * (plotHeight - 10) + 5
                return "\(format(x)),\(format(y))"
            }
            paths +=
                "<polyline fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
        }
        var legend = ""
        for (index, line) in series.enumerated() {
            let x = 5 + index * 130
            let last = line.values.last.map { HTML.number(Int($0)) } ?? "–"
            legend +=
                "<rect x=\"\(x)\" y=\"\(height - 14)\" width=\"10\" height=\"10\" fill=\"\(line.color)\"/>"
                + "<text x=\"\(x + 14)\" y=\"\(height - 5)\">\(HTML.escape(line.name)) \(last)</text>"
        }
        return """
            <figure class="chart"><svg role="img" viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)">\
            <title>\(HTML.escape(caption))</title>\
            <line x1="5" y1="\(format(plotHeight + 5))" x2="\(width - 5)" y2="\(format(plotHeight + 5))" stroke="#999"/>\
            <text x="5" y="12">max \(HTML.number(Int(top)))</text>\(paths)\(legend)</svg>\
            <figcaption>\(HTML.escape(caption))</figcaption></figure>
            """
    }

    /// Vertical bars, one per value, with the largest as the scale.
    static func bars(_ values: [Double], color: String, width: Int = 640, height: Int = 120, caption: String) -> String
    {
        let top = max(1, values.max() ?? 1)
        let slot = values.isEmpty ? 0 : Double(width - 10) / Double(values.count)
        var rects = ""
        for (index, value) in values.enumerated() {
            let barHeight = value / top * Double(height - 30)
            rects +=
                "<rect x=\"\(format(5 + Double(index) * slot))\" y=\"\(format(Double(height - 15) - barHeight))\" "
                + "width=\"\(format(max(1, slot - 1)))\" height=\"\(format(barHeight))\" fill=\"\(color)\"/>"
        }
        return """
            <figure class="chart"><svg role="img" viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)">\
            <title>\(HTML.escape(caption))</title><text x="5" y="12">max \(HTML.number(Int(top)))</text>\(rects)</svg>\
            <figcaption>\(HTML.escape(caption))</figcaption></figure>
            """
    }

    /// A half-circle gauge of `value` against `limit`; the needle never passes the limit's end, and the number
    /// shown is the value itself.
    static func gauge(value: Int, limit: Int, label: String) -> String {
        let fraction = limit > 0 ? min(1, max(0, Double(value) / Double(limit))) : 0
        let angle = Double.pi * (1 - fraction)
        let x = 100 + 80 * cos(angle)
        let y = 100 - 80 * sin(angle)
        let color = fraction >= 0.95 ? "#c0392b" : fraction >= 0.8 ? "#e67e22" : "#27ae60"
        let large = fraction > 0.5 ? 1 : 0
        let arc =
            fraction > 0
            ? "<path d=\"M 20 100 A 80 80 0 \(large) 1 \(format(x)) \(format(y))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"16\"/>"
            : ""
        return """
            <figure class="gauge"><svg role="img" viewBox="0 0 200 120" width="200" height="120">\
            <title>\(HTML.escape(label)): \(value) of \(limit)</title>\
            <path d="M 20 100 A 80 80 0 0 1 180 100" fill="none" stroke="#ddd" stroke-width="16"/>\(arc)\
            <text x="100" y="92" text-anchor="middle" class="gauge-value">\(value)</text>\
            <text x="100" y="114" text-anchor="middle" class="gauge-limit">of \(limit)</text></svg>\
            <figcaption>\(HTML.escape(label))</figcaption></figure>
            """
    }

    private static func format(_ value: Double) -> String {
        String(Double((value * 10).rounded()) / 10)
    }
}
