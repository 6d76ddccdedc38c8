/// Set operations on sorted, disjoint lists of UTC ranges (each list ascending, no empty ranges).
///
/// Every operation is a linear merge, so planning a contract costs time proportional to the number of sessions
/// in its range, never to the number of seconds.
enum TimeRanges {
    /// Adds `range` to sorted, disjoint `ranges` in place, merging what it overlaps or touches.
    ///
    /// Two binary searches and one replacement: cheap for the usual case of ranges arriving in time order.
    static func insert(_ range: Range<Int64>, into ranges: inout [Range<Int64>]) {
        guard !range.isEmpty else {
            return
        }
        // The first range that ends at or after the new start, and the first that starts after the new end.
        var first = 0
        var high = ranges.count
        while first < high {
            let middle = (first + high) / 2
            if ranges[middle].upperBound < range.lowerBound {
                first = middle + 1
            } else {
                high = middle
            }
        }
        var last = first
        high = ranges.count
        while last < high {
            let middle = (last + high) / 2
            if ranges[middle].lowerBound <= range.upperBound {
                last = middle + 1
            } else {
                high = middle
            }
        }
        guard first < last else {
            ranges.insert(range, at: first)
            return
        }
        let merged =
            min(ranges[first].lowerBound, range.lowerBound)..<max(ranges[last - 1].upperBound, range.upperBound)
        ranges.replaceSubrange(first..<last, with: CollectionOfOne(merged))
    }

    /// The parts of `ranges` inside `bounds`.
    static func clamped(_ ranges: [Range<Int64>], to bounds: Range<Int64>) -> [Range<Int64>] {
        var result: [Range<Int64>] = []
        result.reserveCapacity(ranges.count)
        for range in ranges where range.overlaps(bounds) {
            result.append(range.clamped(to: bounds))
        }
        return result
    }

    /// The parts of `ranges` at or after `start`.
    static func starting(_ ranges: [Range<Int64>], at start: Int64) -> [Range<Int64>] {
        guard let first = ranges.first, first.lowerBound < start else {
            return ranges
        }
        var result: [Range<Int64>] = []
        result.reserveCapacity(ranges.count)
        for range in ranges where range.upperBound > start {
            result.append(max(range.lowerBound, start)..<range.upperBound)
        }
        return result
    }

    /// The parts of `ranges` that lie in `other` too.
    static func intersection(_ ranges: [Range<Int64>], _ other: [Range<Int64>]) -> [Range<Int64>] {
        var result: [Range<Int64>] = []
        var left = 0
        var right = firstIndex(in: other, endingAfter: ranges.first?.lowerBound ?? 0)
        while left < ranges.count, right < other.count {
            let a = ranges[left]
            let b = other[right]
            let lower = max(a.lowerBound, b.lowerBound)
            let upper = min(a.upperBound, b.upperBound)
            if lower < upper {
                result.append(lower..<upper)
            }
            if a.upperBound < b.upperBound {
                left += 1
            } else {
                right += 1
            }
        }
        return result
    }

    /// The parts of `ranges` that lie in none of `removed`.
    static func subtracting(_ ranges: [Range<Int64>], _ removed: [Range<Int64>]) -> [Range<Int64>] {
        guard !removed.isEmpty else {
            return ranges
        }
        var result: [Range<Int64>] = []
        var cut = 0
        for range in ranges {
            var lower = range.lowerBound
            while cut < removed.count, removed[cut].upperBound <= lower {
                cut += 1
            }
            var next = cut
            while next < removed.count, removed[next].lowerBound < range.upperBound {
                if removed[next].lowerBound > lower {
                    result.append(lower..<removed[next].lowerBound)
                }
                lower = max(lower, removed[next].upperBound)
                next += 1
            }
            if lower < range.upperBound {
                result.append(lower..<range.upperBound)
            }
        }
        return result
    }

    /// The index of the first range whose upper bound exceeds `time` (binary search), or `ranges.count`.
    static func firstIndex(in ranges: [Range<Int64>], endingAfter time: Int64) -> Int {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound <= time {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}
