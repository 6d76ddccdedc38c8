import TWSProtocol

/// Derives the ``ChunkID``s of one series (contract, bar size, what-to-show, useRTH) without repeating the work
/// the series' chunks share.
///
/// The fields every chunk of the series hashes first are framed once; each id then appends only its end time and
/// duration and hashes the whole stream again, so planning half a million chunks makes no string per chunk. The
/// ids are exactly those of ``ChunkID/init(contract:barSize:whatToShow:useRTH:endDateTime:duration:)``, which is
/// built on this type.
struct ChunkIDHasher {
    private var hash = StableHash()
    private let headCount: Int

    init(contract: Contract, barSize: BarSizeSetting, whatToShow: String, useRTH: Bool) {
        hash.append("chunk-v1")
        hash.append(contract.planningIdentity)
        hash.append(barSize.ibName)
        hash.append(whatToShow)
        hash.append(useRTH ? "1" : "0")
        headCount = hash.bytes.count
    }

    /// The id of the series' chunk with this end time text (UTF-8) and duration.
    mutating func id(endDateTime: some Collection<UInt8>, duration: IBDuration) -> ChunkID {
        hash.truncate(to: headCount)
        hash.append(field: endDateTime)
        // The duration's text, `"<count> <unit>"`, framed as ``StableHash/append(field:)`` frames it.
        let unit = duration.unit.rawValue.utf8
        hash.appendDecimal(Self.decimalDigits(duration.count) + 1 + unit.count)
        hash.appendRaw(CollectionOfOne(UInt8(ascii: ":")))
        hash.appendDecimal(duration.count)
        hash.appendRaw(CollectionOfOne(UInt8(ascii: " ")))
        hash.appendRaw(unit)
        hash.appendRaw(CollectionOfOne(0x1F))
        return hash.digest
    }

    private static func decimalDigits(_ value: Int) -> Int {
        var digits = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        return digits
    }
}
