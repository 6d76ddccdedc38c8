import BackfillCZlib

/// Compresses bytes into the gzip format (RFC 1952) with zlib, in constant memory, handing each compressed block
/// to `output` as it is ready.
///
/// Call ``write(_:)`` as often as needed, then ``finish()`` once; a writer that is not finished frees zlib's state
/// without writing the gzip trailer (the output is then incomplete, which is what an aborted export wants).
public final class GzipWriter {
    private var stream = z_stream()
    private var output: ([UInt8]) throws -> Void
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var open = false

    /// Starts a gzip stream at zlib's default level.
    ///
    /// - Parameter output: Receives compressed blocks (at most 64 KiB each), in order.
    /// - Throws: ``ExportError`` when zlib cannot start (out of memory).
    public init(output: @escaping ([UInt8]) throws -> Void) throws(ExportError) {
        self.output = output
        // windowBits 15 + 16 asks zlib for a gzip header and trailer instead of a zlib one.
        let status = deflateInit2_(
            &stream,
            Z_DEFAULT_COMPRESSION,
            Z_DEFLATED,
            15 + 16,
            8,
            Z_DEFAULT_STRATEGY,
            ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size)
        )
        guard status == Z_OK else { throw ExportError(.failed, "zlib could not start compressing (\(status)).") }
        open = true
    }

    deinit {
        if open { deflateEnd(&stream) }
    }

    /// Compresses `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(bytes.count)
        try drain(flush: Z_NO_FLUSH)
    }

    /// Writes what is left and the gzip trailer; the writer is done.
    public func finish() throws {
        guard open else { return }
        stream.next_in = nil
        stream.avail_in = 0
        try drain(flush: Z_FINISH)
        deflateEnd(&stream)
        open = false
    }

    /// Runs deflate until it has taken all input (or, finishing, written the end of the stream).
    private func drain(flush: Int32) throws {
        while true {
            let status = buffer.withUnsafeMutableBufferPointer { out -> Int32 in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                return deflate(&stream, flush)
            }
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw ExportError(.failed, "zlib failed while compressing (\(status)).")
            }
            let produced = buffer.count - Int(stream.avail_out)
            if produced > 0 { try output(Array(buffer[0..<produced])) }
            if flush == Z_FINISH ? status == Z_STREAM_END : stream.avail_in == 0 && stream.avail_out > 0 { return }
        }
    }
}
