import Testing

@testable import GlobalPacer

/// The check of Redis's clock against ours, driven with plain numbers: a reading is Redis's time at a moment
/// between `asked` and `received` on our clock, plus an offset between the two clocks.
struct FleetClockWatchTests {
    /// A reproducible sequence of numbers, so a failure can be replayed.
    struct Dice {
        var state: UInt64
        mutating func roll(_ range: ClosedRange<Int64>) -> Int64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return range.lowerBound + Int64((state >> 33) % UInt64(range.upperBound - range.lowerBound + 1))
        }
    }

    static let offset: Int64 = 1_796_000_000_000

    /// Feeds `count` readings of a clock `offset + (1 + ppm / 1e6) × t` ahead of ours, with calls taking up to
    /// `slowest` ms and Redis reading its clock anywhere inside each call; returns every step reported.
    static func readings(
        _ watch: inout FleetClockWatch,
        count: Int,
        from start: Int64 = 0,
        slowest: Int64,
        ppm: Double = 0,
        shift: Int64 = 0,
        dice: inout Dice
    ) -> (steps: [Int64], end: Int64) {
        var asked = start
        var steps: [Int64] = []
        for _ in 0..<count {
            asked += dice.roll(0...5_000)
            let received = asked + dice.roll(0...slowest)
            let read = dice.roll(asked...received)
            let redisTime = offset + shift + read + Int64((Double(read) * ppm / 1e6).rounded(.down))
            if let step = watch.read(redisTime: redisTime, asked: asked, received: received) { steps.append(step) }
        }
        return (steps, asked)
    }

    @Test func anUnsteppedClockIsNeverTakenForAStepHoweverSlowTheCalls() {
        var watch = FleetClockWatch()
        var dice = Dice(state: 7)
        let (steps, _) = Self.readings(&watch, count: 20_000, slowest: 3_000, dice: &dice)
        #expect(steps.isEmpty)
    }

    @Test func aRedisClockRunningFastByAnOscillatorsErrorIsNotAStep() {
        // 150 ppm fast for about 14 hours of readings: about 7.5 s ahead by the end, all of it gradual.
        var watch = FleetClockWatch()
        var dice = Dice(state: 11)
        let (steps, end) = Self.readings(&watch, count: 20_000, slowest: 200, ppm: 150, dice: &dice)
        #expect(end > 40_000_000)
        #expect(steps.isEmpty)
    }

    @Test func aForwardStepIsHeldBackInOneGoByAtMostTheCallsDurationMore() {
        var watch = FleetClockWatch()
        var dice = Dice(state: 3)
        var (_, asked) = Self.readings(&watch, count: 100, slowest: 300, dice: &dice)
        // The clock steps forward by 800 ms. Each reading is held back by every amount reported so far, as the
        // pacer does.
        var heldBack: Int64 = 0
        var reports: [(amount: Int64, callTook: Int64)] = []
        for _ in 0..<2_000 {
            asked += dice.roll(0...5_000)
            let received = asked + dice.roll(0...300)
            let redisTime = Self.offset + 800 - heldBack + dice.roll(asked...received)
            if let amount = watch.read(redisTime: redisTime, asked: asked, received: received) {
                heldBack += amount
                reports.append((amount, received - asked))
            }
        }
        // One report: the whole step, give or take the reference's slack, and no more than the call took beyond.
        #expect(reports.count == 1)
        let callTook = reports.first?.callTook ?? 0
        let expected = 800 - FleetClockWatch.tolerance...800 + callTook
        #expect(expected.contains(heldBack), "held back \(heldBack) ms, the call took \(callTook) ms")
    }

    @Test func aStepWithinTheToleranceOrBackwardIsLeftAlone() {
        var watch = FleetClockWatch()
        var dice = Dice(state: 5)
        let (_, end) = Self.readings(&watch, count: 100, slowest: 0, dice: &dice)
        let asked = end + 1_000
        let small = FleetClockWatch.tolerance
        #expect(watch.read(redisTime: Self.offset + asked + small, asked: asked, received: asked) == nil)
        // Back by 5 s: entries then lie in the future and keep counting, which is safe; nothing to hold back.
        let (afterBack, _) = Self.readings(&watch, count: 100, from: asked, slowest: 50, shift: -5_000, dice: &dice)
        #expect(afterBack.isEmpty)
    }

    @Test func theCeilingBoundsEveryUnsteppedReadingWithinTheAllowanceAndNoStepBeyondIt() {
        var watch = FleetClockWatch()
        #expect(watch.ceiling(asked: 0, allowance: 50) == nil)
        var dice = Dice(state: 13)
        let (_, end) = Self.readings(&watch, count: 200, slowest: 400, dice: &dice)
        for _ in 0..<1_000 {
            let asked = end + dice.roll(0...60_000)
            let ceiling = try? #require(watch.ceiling(asked: asked, allowance: 50))
            // Redis reads its clock at most 50 ms after we asked: never past the ceiling without a step.
            #expect(Self.offset + asked + dice.roll(0...50) <= ceiling ?? 0)
            // A step of 200 ms, read at once, is past it.
            #expect(Self.offset + asked + 200 > ceiling ?? .max)
        }
    }
}
