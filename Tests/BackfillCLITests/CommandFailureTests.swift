import Testing

@testable import CommandCore

/// The one-line failure text: what `tidy` did with a Foundation regular expression it now does by hand.
@Suite struct CommandFailureTests {
    @Test(arguments: [
        ("Cannot connect: timed out..", "Cannot connect: timed out."),
        ("timed out.. then retried", "timed out. then retried"),
        ("loading...", "loading..."),
        ("loading... done.", "loading... done."),
        ("range A..B is empty.", "range A..B is empty."),
        ("..", "."),
        ("first line\nsecond line.", "first line second line."),
        ("ends well.", "ends well."),
        ("", ""),
    ])
    func tidyKeepsOneLineAndOnePeriodWhereTwoMet(message: String, expected: String) {
        #expect(CommandFailure.tidy(message) == expected)
    }
}
