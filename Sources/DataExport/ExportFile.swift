import Foundation

/// Where one export's bytes go: a file written under a temporary name and renamed into place only when complete
/// (so no reader ever sees half a file, and a failed export leaves nothing behind), or standard output.
///
/// Used from one thread at a time (the database connection's, during the COPY).
public final class ExportFile: @unchecked Sendable {
    private let handle: FileHandle
    private let finalURL: URL?
    private let partialURL: URL?
    private var gzip: GzipWriter?
    private var pending: [UInt8] = []
    public private(set) var bytesWritten = 0

    /// A file at `url`, written as `url.partial` until ``commit()``.
    ///
    /// - Throws: ``ExportError`` `.invalidRequest` when the file cannot be created.
    public init(url: URL, gzip compress: Bool) throws(ExportError) {
        let partial = URL(fileURLWithPath: url.path + ".partial")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: partial.path)
        else {
            throw ExportError(.invalidRequest, "Cannot write \(url.path): the directory is missing or not writable.")
        }
        self.handle = handle
        self.finalURL = url
        self.partialURL = partial
        if compress { try startGzip() }
    }

    /// Standard output (`--output -`).
    public init(standardOutputGzip compress: Bool) throws(ExportError) {
        handle = FileHandle.standardOutput
        finalURL = nil
        partialURL = nil
        if compress { try startGzip() }
    }

    private func startGzip() throws(ExportError) {
        gzip = try GzipWriter { [unowned self] block in try self.writeRaw(block) }
    }

    /// Adds bytes (compressed first when gzip is on).
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if let gzip {
            try gzip.write(bytes)
        } else {
            pending.append(contentsOf: bytes)
            if pending.count >= 256 * 1024 { try flush() }
        }
    }

    private func writeRaw(_ block: [UInt8]) throws {
        pending.append(contentsOf: block)
        if pending.count >= 256 * 1024 { try flush() }
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        try handle.write(contentsOf: pending)
        bytesWritten += pending.count
        pending.removeAll(keepingCapacity: true)
    }

    /// Finishes the stream and moves the file into place.
    public func commit() throws {
        try gzip?.finish()
        gzip = nil
        try flush()
        guard let finalURL, let partialURL else { return }
        try handle.close()
        if FileManager.default.fileExists(atPath: finalURL.path) {
            try FileManager.default.removeItem(at: finalURL)
        }
        try FileManager.default.moveItem(at: partialURL, to: finalURL)
    }

    /// Drops what was written: the temporary file is removed.
    public func discard() {
        gzip = nil
        guard let partialURL else { return }
        try? handle.close()
        try? FileManager.default.removeItem(at: partialURL)
    }
}
