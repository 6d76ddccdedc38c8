import Testing

/// Compares two clients' frames for the same plan, field for field, once request ids are numbered by first use.
enum FrameComparison {
    /// Where each request-carrying message keeps its request id (after the message id and, for some, a version).
    static let requestIDIndex: [String: Int] = [
        "20": 1,  // reqHistoricalData
        "25": 2,  // cancelHistoricalData, version 1
        "87": 1,  // reqHeadTimeStamp
        "90": 1,  // cancelHeadTimeStamp
        "96": 1,  // reqHistoricalTicks
        "9": 2,  // reqContractDetails, version 8
    ]

    /// Frames with request ids replaced by `#1`, `#2`, … in order of first appearance.
    static func normalized(_ frames: [[String]]) -> [[String]] {
        var numbers: [String: Int] = [:]
        return frames.map { frame in
            guard let id = frame.first, let index = requestIDIndex[id], index < frame.count else { return frame }
            var copy = frame
            let number = numbers[frame[index]] ?? numbers.count + 1
            numbers[frame[index]] = number
            copy[index] = "#\(number)"
            return copy
        }
    }

    /// The one difference we keep, explained: the version range of the greeting. ibapi 10.50 offers up to 226; we
    /// offer up to 200 because from 201 on IB sends its messages as protobuf (ibapi `server_versions.py`,
    /// `MIN_SERVER_VER_PROTOBUF = 201`), which our decoder does not read. The lower bound must agree.
    static func explained(_ mine: [String], _ theirs: [String]) -> Bool {
        guard mine.first == "API", theirs.first == "API", mine.count == 2, theirs.count == 2 else { return false }
        let low = { (text: String) in text.split(separator: ".").first.map(String.init) }
        return mine[1] == "v100..200" && low(mine[1]) == low(theirs[1])
    }

    static func compare(ours: [[String]], official: [[String]]) {
        let ours = normalized(ours)
        let official = normalized(official)
        // Not vacuous: the cancels and the clock request are among the frames compared.
        for id in ["71", "20", "25", "87", "90", "96", "9", "49"] {
            #expect(official.contains { $0.first == id }, "ibapi sent no message \(id)")
        }
        #expect(ours.count == official.count, "we sent \(ours.count) frames, ibapi \(official.count)")
        for (number, (mine, theirs)) in zip(ours, official).enumerated()
        where mine != theirs && !explained(mine, theirs) {
            let fields = max(mine.count, theirs.count)
            let differences = (0..<fields).compactMap { index -> String? in
                let a = index < mine.count ? mine[index] : "∅"
                let b = index < theirs.count ? theirs[index] : "∅"
                return a == b ? nil : "field \(index): ours '\(a)', ibapi '\(b)'"
            }
            Issue.record(
                "frame \(number) (\(theirs.first ?? "?")): \(differences.joined(separator: "; "))\n ours \(mine)\n ibapi \(theirs)"
            )
        }
    }
}
