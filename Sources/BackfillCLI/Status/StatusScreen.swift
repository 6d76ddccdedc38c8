import Foundation

/// Where `status --watch` draws its frames: in place on a terminal, else one after another for pipes and logs.
struct StatusScreen {
    /// Redraw in place with ANSI codes (a terminal that understands them), or append plain frames.
    let inPlace: Bool
    private var framesShown = 0

    init(inPlace: Bool) {
        self.inPlace = inPlace
    }

    /// In place when standard output is a terminal other than `TERM=dumb`.
    static func standardOutput() -> StatusScreen {
        StatusScreen(
            inPlace: isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        )
    }

    /// The terminal's height in lines, when standard output is one that says.
    var rows: Int? {
        guard inPlace else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return nil }
        return Int(size.ws_row)
    }

    /// Writes `frame` (header and body) straight to standard output, so a pipe sees it at once.
    mutating func show(_ frame: String) {
        let text = inPlace ? Self.redraw(frame, first: framesShown == 0) : Self.append(frame, first: framesShown == 0)
        framesShown += 1
        try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    }

    /// Cursor home (the first frame clears the screen), each line cleared to its end, then the rest of the screen
    /// cleared. The cursor is neither hidden nor moved to another screen, so the last frame stays after exit.
    static func redraw(_ frame: String, first: Bool) -> String {
        let escape = "\u{1B}["
        let lines = frame.split(separator: "\n", omittingEmptySubsequences: false)
        return (first ? escape + "2J" : "") + escape + "H"
            + lines.map { String($0) + escape + "K\n" }.joined() + escape + "J"
    }

    /// Frames separated by a blank line, without escape codes.
    static func append(_ frame: String, first: Bool) -> String {
        (first ? "" : "\n") + frame + "\n"
    }
}
