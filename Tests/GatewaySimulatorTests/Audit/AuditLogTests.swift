import Foundation
import GatewaySimulator
import Testing

@Suite("Audit: the log")
struct AuditLogTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).jsonl").path
    }

    static func request(_ index: Int, clientId: Int = 1) -> AuditEvent {
        .request(
            time: Date(timeIntervalSince1970: 1_704_488_400 + Double(index)),
            clientId: clientId,
            message: "reqHistoricalData",
            reqId: index,
            parameters: ["index": String(index)]
        )
    }

    @Test func inMemoryKeepsLinesInOrder() throws {
        let log = AuditLog.inMemory()
        for index in 0..<3 { log.record(Self.request(index)) }
        #expect(log.lines == (0..<3).map { Self.request($0).jsonLine })
        #expect(log.summary().requestCount == 3)
        #expect(log.path == nil)
        log.close()
        log.record(Self.request(3))
        #expect(log.lines.count == 4)
    }

    @Test func fileLinesAreOnDiskBeforeClose() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try AuditLog(path: path)
        log.record(Self.request(1))
        log.record(Self.request(2))
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == Self.request(1).jsonLine + "\n" + Self.request(2).jsonLine + "\n")
        #expect(log.failedWrites == 0)
        #expect(log.lines.isEmpty)
        log.close()
        log.close()
        log.record(Self.request(3))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == written)
        #expect(log.summary().eventCount == 3)
    }

    @Test func reopeningAppends() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        for index in 0..<2 {
            let log = try AuditLog(path: path)
            log.record(Self.request(index))
            log.close()
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.map(String.init) == [Self.request(0).jsonLine, Self.request(1).jsonLine])
    }

    @Test func missingDirectoryThrows() {
        #expect(throws: POSIXError.self) {
            _ = try AuditLog(path: "/nonexistent-\(UUID().uuidString)/audit.jsonl")
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func failedWritesAreCountedNotThrown() throws {
        let log = try AuditLog(path: "/dev/full")
        log.record(Self.request(1))
        log.record(Self.request(2))
        #expect(log.failedWrites == 2)
        #expect(log.summary().eventCount == 2)
        log.close()
    }

    @Test func concurrentWritersProduceWholeLines() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try AuditLog(path: path)
        await withTaskGroup(of: Void.self) { group in
            for clientId in 1...8 {
                group.addTask {
                    for index in 0..<200 { log.record(Self.request(index, clientId: clientId)) }
                }
            }
        }
        log.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1_600)
        var perClient: [Int: Int] = [:]
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let clientId = try #require(object?["clientId"] as? Int)
            perClient[clientId, default: 0] += 1
        }
        #expect(perClient == Dictionary(uniqueKeysWithValues: (1...8).map { ($0, 200) }))
        #expect(log.summary().requestsByClient[3] == 200)
    }
}
