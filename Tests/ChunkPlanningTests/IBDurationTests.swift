import ChunkPlanning
import TWSProtocol
import Testing

@Suite("IBDuration")
struct IBDurationTests: PlannerFixtures {
    @Test("Parses IB's exact form and prints it back")
    func parsing() {
        for text in ["1 W", "1800 S", "365 D", "12 M", "68 Y"] {
            #expect(IBDuration(parsing: text)?.text == text)
        }
        for text in ["1W", "0 D", "-1 D", "+1 D", "1 w", "1  W", " 1 W", "W", "1 X", "1.5 D", ""] {
            #expect(IBDuration(parsing: text) == nil, "\(text)")
        }
    }

    @Test("Spans are the simulator's calendar arithmetic")
    func seconds() {
        #expect(IBDuration.seconds(1_800).seconds == 1_800)
        #expect(IBDuration.days(2).seconds == 172_800)
        #expect(IBDuration.weeks(1).seconds == 604_800)
        #expect(IBDuration.months(1).seconds == 2_592_000)
        #expect(IBDuration.years(1).seconds == 31_536_000)
    }

    @Test("violation(for:) agrees with the simulator for every bar size, unit and edge count")
    func rulesMatchSimulator() {
        for barSize in BarSizeSetting.all {
            for unit in IBDuration.Unit.allCases {
                for count in [1, 2, 7, 12, 13, 52, 53, 68, 69, 365, 366, 2_000, 2_001, 86_400, 86_401] {
                    let duration = IBDuration(count, unit)
                    let simulator = simulatorRejection(barSeconds: barSize.seconds, duration: duration.text)
                    #expect((duration.violation(for: barSize) == nil) == (simulator == nil), "\(barSize) \(duration)")
                }
            }
        }
    }
}
