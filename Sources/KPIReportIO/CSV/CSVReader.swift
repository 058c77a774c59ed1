import KPIReportCore
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// Reads a CSV file as records: decides its encoding (UTF-8, UTF-8 with BOM, Windows-874) unless told,
/// hashes it for the manifest, strips the BOM, parses it with libcsv in strict mode, and gives each
/// record its line and byte span. Every problem comes back as a located finding. `records(in:)` reads
/// the records of a span again later, so a run need not hold a ministry's rows in memory.
public final class CSVFile: @unchecked Sendable {
    /// The file as the run lists it.
    public let file: InputFile
    /// Its path on disk.
    public let path: String
    /// How its bytes are decoded (known after `read`).
    public private(set) var encoding: TextEncoding = .utf8
    /// SHA-256 of its bytes, hex (known after `read`).
    public var sha256: String { Digest.hex(digest) }
    /// The same, as bytes (32 of them, kept inline: a ministry has tens of thousands of files).
    private var digest = Digest.Value()
    /// Size and modification time seen by `read`, to notice a file changed before it is read again.
    private var identity: (size: Int64, mtime: Int) = (0, 0)

    /// Its size in bytes (known once `read` has opened it: from the header callback on).
    public var byteCount: Int64 { identity.size }

    /// Bytes read at a time.
    static let chunkSize = 1 << 20

    /// The file opened ahead of `read` by `prefetch()`, its bytes already asked of the disk.
    private var openedAhead: FileDescriptor?

    /// A file to read.
    public init(file: InputFile, path: String) {
        self.file = file
        self.path = path
    }

    deinit { try? openedAhead?.close() }

    /// Opens the file and asks the kernel to start reading it into its page cache, for `read` to come
    /// (on the same thread): a ministry's inputs are tens of thousands of small files, and read one
    /// after another from a cold cache each would wait for the disk in turn. Advice only: a file that
    /// cannot be opened here is opened, and its problem reported, by `read`.
    public func prefetch() {
        guard openedAhead == nil,
              let descriptor = try? open() else { return }
        // The first megabytes: the kernel's own read-ahead follows a large file read from its start.
        Syscalls.adviseWillNeed(descriptor, length: Int64(CSVFile.chunkSize) * 4)
        openedAhead = descriptor
    }

    /// The file, opened for reading (not inherited by a program the run starts).
    private func open() throws -> FileDescriptor {
        try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
    }

    /// Reads the whole file: `header` receives the header row (returns false to skip the records),
    /// `record` each data record. Returns the problems found (nothing more is passed on after an error).
    public func read(forcedEncoding forced: TextEncoding?, header: ([String], Int) -> Bool,
                     record: (InputRecord) -> Void) -> [Finding] {
        withoutActuallyEscaping(header) { header in
            withoutActuallyEscaping(record) { record in read(forced, header, record) }
        }
    }

    private func read(_ forced: TextEncoding?, _ header: @escaping ([String], Int) -> Bool,
                      _ record: @escaping (InputRecord) -> Void) -> [Finding] {
        var findings: [Finding] = []
        let whole = SourceLocation(file: file.name)
        func at(_ p: BytePosition) -> SourceLocation { SourceLocation(file: file.name, line: p.line, column: p.column) }
        let descriptor: FileDescriptor
        if let opened = openedAhead {
            descriptor = opened
            openedAhead = nil
        } else {
            do {
                descriptor = try open()
            } catch {
                return [Finding(.error, at: whole, "cannot open the file: \(error)")]
            }
        }
        defer { try? descriptor.close() }
        if let stat = try? Stat(descriptor) { identity = (stat.size, Int(stat.st_mtim.tv_sec) * 1_000_000_000 + Int(stat.st_mtim.tv_nsec)) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: CSVFile.chunkSize, alignment: 16)
        defer { buffer.deallocate() }

        // Pass 1: what are the bytes? (and their digest for the manifest)
        var sniffer = EncodingSniffer()
        let digest = Digest.Stream()
        do {
            while true {
                let n = try descriptor.read(into: buffer)
                if n == 0 { break }
                let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
                sniffer.feed(chunk)
                digest.update(chunk)
            }
        } catch {
            return [Finding(.error, at: whole, "cannot read the file: \(error)")]
        }
        self.digest = digest.finalize()
        switch sniffer.verdict(forced: forced) {
        case .utf8: encoding = .utf8
        case .cp874: encoding = .cp874
        case .binary(let p, let byte):
            return [Finding(.error, at: at(p), "this is not a CSV text file (byte 0x\(hex(byte)) is a control character); save it from Excel as CSV")]
        case .brokenUTF8(let p, let byte):
            let hint = forced == .utf8 ? "" : "; the file is UTF-8 elsewhere — was this line pasted from a Windows-874 (TIS-620) file? Retype it or save the whole file as CSV UTF-8"
            return [Finding(.error, at: at(p), "byte 0x\(hex(byte)) is not UTF-8\(hint)")]
        case .unreadable(let p, let byte):
            return [Finding(.error, at: at(p), forced == .cp874
                ? "byte 0x\(hex(byte)) is not a Windows-874 character (is the file UTF-8? leave out --encoding)"
                : "byte 0x\(hex(byte)) is neither UTF-8 nor Windows-874: save the file from Excel as CSV UTF-8")]
        }

        // Pass 2: records.
        var sawHeader = false
        var readRecords = true
        var headerWidth = 0
        do {
            _ = try descriptor.seek(offset: 0, from: .start)
        } catch {
            return [Finding(.error, at: whole, "cannot read the file: \(error)")]
        }
        let parser: LibCSVParser
        do {
            parser = try LibCSVParser { line, offset, length, fields in
                if !sawHeader {
                    sawHeader = true
                    headerWidth = fields.count
                    readRecords = header(fields, line)
                    return
                }
                guard readRecords else { return }
                record(InputRecord(fields: fields, span: RecordSpan(file: self.file.index, line: line, offset: offset, length: length)))
            }
        } catch {
            return [Finding(.error, at: whole, error.message)]
        }
        do {
            try feed(descriptor, buffer, parser, from: 0, length: nil)
        } catch let error as LibCSVParser.SyntaxError {
            findings.append(Finding(.error, at: SourceLocation(file: file.name, line: error.line, column: error.column), error.message))
            return findings
        } catch {
            return [Finding(.error, at: whole, "cannot read the file: \(error)")]
        }
        if !sawHeader {
            return [Finding(.error, at: SourceLocation(file: file.name, line: 1), "the file is empty (a header row is required)")]
        }
        _ = headerWidth
        return findings
    }

    /// The records of a span, read again (as `read` saw them: same decoding, same parser).
    public func records(in span: RecordSpan) throws(IOFailure) -> [InputRecord] {
        let descriptor: FileDescriptor
        do {
            descriptor = try open()
        } catch {
            throw IOFailure(.input, "read", path: file.name, "\(error)")
        }
        defer { try? descriptor.close() }
        if let stat = try? Stat(descriptor),
           (stat.size, Int(stat.st_mtim.tv_sec) * 1_000_000_000 + Int(stat.st_mtim.tv_nsec)) != identity {
            throw IOFailure(.input, "read", path: file.name, "the file changed while the run was reading it; run again")
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(min(Int64(CSVFile.chunkSize), max(span.length, 1))), alignment: 16)
        defer { buffer.deallocate() }
        var out: [InputRecord] = []
        do {
            let parser = try LibCSVParser(startLine: Int(span.line), startOffset: span.offset) { line, offset, length, fields in
                out.append(InputRecord(fields: fields, span: RecordSpan(file: self.file.index, line: line, offset: offset, length: length)))
            }
            try feed(descriptor, buffer, parser, from: span.offset, length: span.length)
        } catch let error as LibCSVParser.SyntaxError {
            throw IOFailure(.input, "read", path: file.name, "line \(error.line): \(error.message) (the file changed while the run was reading it?)")
        } catch {
            throw IOFailure(.input, "read", path: file.name, "\(error)")
        }
        return out
    }

    /// Reads from `start` (to the end, or `length` bytes) and feeds the parser piece by piece: each
    /// piece ends after a CR or LF, so a record ending in it ends at the piece's end.
    private func feed(_ descriptor: FileDescriptor, _ buffer: UnsafeMutableRawBufferPointer, _ parser: LibCSVParser,
                      from start: Int64, length: Int64?) throws {
        var offset = start
        var remaining = length ?? Int64.max
        var converted: [UInt8] = []
        var first = start == 0
        while remaining > 0 {
            let want = Int(min(Int64(buffer.count), remaining))
            let n = try descriptor.read(fromAbsoluteOffset: offset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
            if n == 0 { break }
            remaining -= Int64(n)
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            var pieceStart = 0
            if first, n >= 3, chunk[0] == 0xEF, chunk[1] == 0xBB, chunk[2] == 0xBF { pieceStart = 3 }
            first = false
            var i = pieceStart
            while i < n {
                // The next CR or LF ends a piece: the next LF, or a CR before it.
                let base = chunk.baseAddress!
                var j = memchr(base + i, 0x0A, n - i).map { $0 - UnsafeMutableRawPointer(mutating: base) } ?? n
                if j > i, let cr = memchr(base + i, 0x0D, j - i) { j = cr - UnsafeMutableRawPointer(mutating: base) }
                let end = j < n ? j + 1 : n
                let piece = UnsafeRawBufferPointer(rebasing: chunk[pieceStart..<end])
                switch encoding {
                case .utf8:
                    try parser.parse(piece, endingAt: offset + Int64(end))
                case .cp874:
                    converted.removeAll(keepingCapacity: true)
                    CP874.transcode(piece, into: &converted)
                    try converted.withUnsafeBytes { try parser.parse($0, endingAt: offset + Int64(end)) }
                }
                pieceStart = end
                i = end
            }
            offset += Int64(n)
        }
        try parser.finish(at: offset)
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
