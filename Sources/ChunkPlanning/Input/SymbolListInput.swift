import TWSProtocol

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The instruments of a backfill: `--symbols AAPL,MSFT,ESZ4.CME` and/or `--symbols-file` with one symbol or full
/// contract spec (`secType=FUT,symbol=ES,…`) per line (`#` comments and blank lines skipped).
public enum SymbolListInput {
    /// Whether `--rth` is on when not given: for stocks and indices, whose regular session is what most users want;
    /// off as soon as one contract trades around the clock (FX, futures, crypto).
    public static func regularHoursByDefault(_ contracts: [Contract]) -> Bool {
        contracts.allSatisfy { $0.secType == .stock || $0.secType == .index }
    }

    /// - Throws: ``InputError`` naming the first symbol or line that cannot be parsed.
    public static func contracts(symbols: String?, file: String?) throws(InputError) -> [Contract] {
        var entries: [(String, String)] = []
        if let symbols {
            // Full specs contain commas themselves, so a comma list holds short symbols only.
            let parts = symbols.split(separator: ",", omittingEmptySubsequences: false)
            guard !parts.contains(where: { $0.allSatisfy(\.isWhitespace) }) else {
                throw InputError("--symbols: '\(symbols)' has an empty symbol between commas.")
            }
            entries += parts.map { (String($0), "--symbols") }
        }
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw InputError("Cannot read the symbols file \(file).")
            }
            for (number, line) in String(decoding: data, as: UTF8.self).split(
                separator: "\n",
                omittingEmptySubsequences: false
            ).enumerated() {
                let text =
                    line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
                    ?? ""
                if text.allSatisfy(\.isWhitespace) { continue }
                entries.append((text, "\(file) line \(number + 1)"))
            }
        }
        guard !entries.isEmpty else { throw InputError("No instruments: pass --symbols or --symbols-file.") }
        var contracts: [Contract] = []
        var seen = Set<Contract>()
        for (text, place) in entries {
            do {
                let contract = try ContractSymbol.parse(text)
                if seen.insert(contract).inserted { contracts.append(contract) }
            } catch {
                throw InputError("\(place): \(error.message)")
            }
        }
        return contracts
    }
}
