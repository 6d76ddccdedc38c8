import Foundation
import MarketCalendar

extension BarGenerator {
    /// The mid-price level of an instrument as a pure function of time.
    ///
    /// `log(price) = log(base) + growth · years + Σ waves + value noise + per-minute jitter`, times a futures
    /// carry factor and, for `ADJUSTED_LAST`, a dividend adjustment. Waves are sines with instrument-specific
    /// phases (periods from four years down to 37 minutes); value noise adds non-periodic wandering at 1-day,
    /// 2-hour and 10-minute scales. Futures share their root's series, so every ES contract moves together and
    /// differs only by carry.
    ///
    /// The slow part (periods of five days and more) is evaluated at whole hours and interpolated linearly in
    /// between; that is part of the definition, not an approximation of it, so values stay window-independent.
    /// The struct caches the last hour's slow values and the current front-month expiry; the caches never
    /// change results, they only skip recomputation when minutes are visited in order.
    struct PriceModel {
        struct Wave {
            let amplitude: Double
            let angularFrequency: Double
            let phase: Double

            func value(at time: Int64) -> Double {
                amplitude * sin(angularFrequency * Double(time) + phase)
            }
        }

        enum Carry {
            case none
            case fixed(expiry: Int64)
            case frontMonth
        }

        static let referenceTime: Int64 = 1_704_067_200  // 2024-01-01T00:00:00Z, where price ≈ base
        static let secondsPerYear = 31_557_600.0
        static let carryRate = 0.045
        static let dividendYield = 0.015
        static let adjustmentReference: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z

        let series: DeterministicNoise
        let logBase: Double
        let growthPerYear: Double
        let scale: Double
        let slowWaves: [Wave]
        let fastWaves: [Wave]
        let tickSize: Double
        let minimumTicks: Int64
        let carry: Carry
        let adjusted: Bool

        private var cachedHour: Int64 = .min
        private var cachedSlow: (Double, Double) = (0, 0)
        private var cachedFront: (validFrom: Int64, validUntil: Int64, expiry: Int64) = (.max, .min, 0)

        init(instrument: SimulatedInstrument, whatToShow: SimulatedWhatToShow) {
            let isFuture = instrument.secType == "FUT" || instrument.secType == "CONTFUT"
            series =
                isFuture
                ? DeterministicNoise(key: "FUT:\(instrument.symbol)")
                : DeterministicNoise(seed: UInt64(bitPattern: Int64(instrument.conId)))
            logBase = log(instrument.basePrice)
            growthPerYear = Self.growth(secType: instrument.secType)
            scale = instrument.volatility
            let periods: [(Double, Double)] = [
                (4 * Self.secondsPerYear, 0.20), (Self.secondsPerYear, 0.10), (97 * 86_400, 0.05),
                (23 * 86_400, 0.03), (5.3 * 86_400, 0.015), (31 * 3_600, 0.006), (2.7 * 3_600, 0.003),
                (37 * 60, 0.0015),
            ]
            var waves: [Wave] = []
            for (index, (period, amplitude)) in periods.enumerated() {
                let phase = 2 * Double.pi * series.unit(Stream.wavePhase, Int64(index))
                waves.append(Wave(amplitude: amplitude * scale, angularFrequency: 2 * Double.pi / period, phase: phase))
            }
            slowWaves = Array(waves.prefix(5))
            fastWaves = Array(waves.dropFirst(5))
            tickSize = instrument.priceText.minTick
            minimumTicks = 4 * (instrument.halfSpreadTicks + 1) + 4
            if instrument.secType == "CONTFUT" {
                carry = .frontMonth
            } else if let expiry = instrument.lastTradeTime {
                carry = .fixed(expiry: expiry)
            } else {
                carry = .none
            }
            adjusted = whatToShow == .adjustedLast
        }

        /// The mid price at `time`, in whole ticks (at least ``minimumTicks``).
        mutating func midTicks(at time: Int64) -> Int64 {
            let price = midPrice(at: time)
            let ticks = (price / tickSize).rounded()
            guard ticks.isFinite, ticks < 1e15 else {
                return minimumTicks
            }
            return max(minimumTicks, Int64(ticks))
        }

        /// The mid price at `time` as a real number.
        mutating func midPrice(at time: Int64) -> Double {
            let years = Double(time - Self.referenceTime) / Self.secondsPerYear
            var logPrice = logBase + growthPerYear * years + slow(at: time)
            for wave in fastWaves {
                logPrice += wave.value(at: time)
            }
            logPrice += scale * 0.003 * series.smooth(Stream.noiseTwoHours, at: time, period: 7_200)
            logPrice += scale * 0.0012 * series.smooth(Stream.noiseTenMinutes, at: time, period: 600)
            logPrice += scale * 0.0004 * series.normal(Stream.jitter, time)
            switch carry {
            case .none:
                break
            case .fixed(let expiry):
                logPrice += Self.carryRate * max(0, Double(expiry - time)) / Self.secondsPerYear
            case .frontMonth:
                let expiry = frontExpiry(at: time)
                logPrice += Self.carryRate * max(0, Double(expiry - time)) / Self.secondsPerYear
            }
            if adjusted {
                logPrice -= Self.dividendYield * max(0, Double(Self.adjustmentReference - time)) / Self.secondsPerYear
            }
            return exp(logPrice)
        }

        /// The expiry of the contract a continuous future follows at `time`: the first quarterly contract whose
        /// last trade is more than eight days away (the usual volume roll).
        mutating func frontExpiry(at time: Int64) -> Int64 {
            if time >= cachedFront.validFrom, time < cachedFront.validUntil {
                return cachedFront.expiry
            }
            let expiry = Self.frontExpiry(after: time)
            cachedFront = (time, expiry - Self.rollLead, expiry)
            return expiry
        }

        static let rollLead: Int64 = 8 * 86_400

        static func frontExpiry(after time: Int64) -> Int64 {
            let zone = USTimeZone.central
            let year = zone.localDate(at: time).year
            for candidateYear in year...(year + 1) {
                for month in [3, 6, 9, 12] {
                    guard let date = CivilDate.nth(3, .friday, month: month, year: candidateYear) else {
                        continue
                    }
                    let expiry = zone.utcInstant(date: date, secondsOfDay: 8 * 3_600 + 30 * 60)
                    if expiry - rollLead > time {
                        return expiry
                    }
                }
            }
            return time + 90 * 86_400
        }

        private mutating func slow(at time: Int64) -> Double {
            let hour = time >= 0 ? time / 3_600 : (time - 3_599) / 3_600
            if hour != cachedHour {
                cachedHour = hour
                cachedSlow = (slowKnot(hour * 3_600), slowKnot((hour + 1) * 3_600))
            }
            let fraction = Double(time - hour * 3_600) / 3_600
            return cachedSlow.0 + (cachedSlow.1 - cachedSlow.0) * fraction
        }

        private func slowKnot(_ time: Int64) -> Double {
            var total = scale * 0.008 * series.smooth(Stream.noiseDay, at: time, period: 86_400)
            for wave in slowWaves {
                total += wave.value(at: time)
            }
            return total
        }

        private static func growth(secType: String) -> Double {
            switch secType {
            case "STK": 0.08
            case "IND", "FUT", "CONTFUT": 0.07
            case "CRYPTO": 0.25
            default: 0
            }
        }
    }

    /// Noise stream numbers: one per independent random quantity.
    enum Stream {
        static let wavePhase: UInt64 = 1
        static let noiseDay: UInt64 = 2
        static let noiseTwoHours: UInt64 = 3
        static let noiseTenMinutes: UInt64 = 4
        static let jitter: UInt64 = 5
        static let wickUp: UInt64 = 10
        static let wickDown: UInt64 = 11
        static let spread: UInt64 = 12
        static let tradeOpen: UInt64 = 13
        static let tradeClose: UInt64 = 14
        static let tradeHigh: UInt64 = 15
        static let tradeLow: UInt64 = 16
        static let wap: UInt64 = 17
        static let volume: UInt64 = 18
        static let count: UInt64 = 19
        static let secondPath: UInt64 = 30
        static let secondWeight: UInt64 = 33
        static let tickPrice: UInt64 = 40
        static let tickQuoteSize: UInt64 = 41
        static let tickSizeChange: UInt64 = 42
        static let tickAuction: UInt64 = 43
        static let secondSide: UInt64 = 34
    }
}
