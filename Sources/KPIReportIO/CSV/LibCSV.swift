import CCSV
#if canImport(Glibc)
import Glibc
#endif

/// The one owner of a libcsv parser: every call into libcsv is in this file.
///
/// libcsv reports fields and record ends through C callbacks but no positions, so the parser is fed
/// one physical line at a time (pieces ending after each CR or LF) and keeps the position itself: the
/// line a record starts on, and the byte span it occupies in the file (from the end of the previous
/// record to its own end, so that spans of consecutive records join up and can be read again later).
final class LibCSVParser {
    /// A parse error: the 1-based line and field where it happened, and what is wrong.
    struct SyntaxError: Error {
        let line: Int
        let column: Int
        let message: String
    }

    /// Receives records as they complete: line, byte offset and length (in the file's own bytes), fields.
    typealias RecordHandler = (_ line: Int, _ offset: Int64, _ length: Int64, _ fields: [String]) -> Void

    private var parser = csv_parser()
    private var initialized = false
    /// The callbacks' state, in memory this parser owns: a C callback reaches it through a plain
    /// pointer, with no reference counted per field.
    private let sink: UnsafeMutablePointer<Sink>

    /// State the C callbacks update.
    struct Sink {
        var fields: [String] = []
        /// The previous record's fields: a field with the same bytes in the same column (a unit, a method,
        /// a group path, the same round) is that string again, not made anew.
        var previous: [String] = []
        var line = 1
        var recordLine = 1
        var lastWasCR = false
        /// File offset just after the piece being parsed (where a record ending in it ends).
        var pieceEnd: Int64 = 0
        /// Where the next record's span begins: the end of the previous record.
        var spanStart: Int64 = 0
        let onRecord: RecordHandler

        init(onRecord: @escaping RecordHandler) { self.onRecord = onRecord }

        /// Whether a string is exactly these bytes.
        static func same(_ text: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
            guard text.utf8.count == bytes.count else { return false }
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return true }
            return text.utf8.withContiguousStorageIfAvailable { $0.baseAddress.map { memcmp($0, base, bytes.count) == 0 } ?? false } ?? false
        }

        /// Line breaks inside a field: LF, CRLF or a lone CR each count once.
        static func lineBreaks(_ bytes: UnsafeRawBufferPointer) -> Int {
            guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
            if memchr(base, 0x0A, bytes.count) == nil && memchr(base, 0x0D, bytes.count) == nil { return 0 }
            var n = 0
            var previousCR = false
            for byte in bytes {
                if byte == 0x0A { if !previousCR { n += 1 }; previousCR = false } else if byte == 0x0D { n += 1; previousCR = true } else { previousCR = false }
            }
            return n
        }
    }

    /// Creates a strict parser; `startLine` and `startOffset` place the first byte it will see.
    init(startLine: Int = 1, startOffset: Int64 = 0, onRecord: @escaping RecordHandler) throws(SyntaxError) {
        sink = UnsafeMutablePointer<Sink>.allocate(capacity: 1)
        sink.initialize(to: Sink(onRecord: onRecord))
        sink.pointee.line = startLine
        sink.pointee.spanStart = startOffset
        sink.pointee.pieceEnd = startOffset
        let options = UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL)
        guard csv_init(&parser, options) == 0 else {
            throw SyntaxError(line: 0, column: 0, message: "libcsv could not start: \(String(cString: csv_strerror(csv_error(&parser))))")
        }
        initialized = true
    }

    deinit {
        if initialized { csv_free(&parser) }
        sink.deinitialize(count: 1)
        sink.deallocate()
    }

    /// Parses the next bytes (UTF-8), which stand for the file's bytes up to offset `end`: one piece that
    /// ends after a CR or LF, or the file's last bytes.
    func parse(_ bytes: UnsafeRawBufferPointer, endingAt end: Int64) throws(SyntaxError) {
        sink.pointee.pieceEnd = end
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let context = UnsafeMutableRawPointer(sink)
        let consumed = csv_parse(&parser, base, bytes.count, LibCSVParser.fieldEnded, LibCSVParser.recordEnded, context)
        if consumed != bytes.count {
            // The error is inside the field being read: count the line breaks it holds so far.
            let partial = UnsafeRawBufferPointer(start: parser.entry_buf, count: parser.entry_buf == nil ? 0 : parser.entry_pos)
            let line = sink.pointee.line + Sink.lineBreaks(partial)
            throw SyntaxError(line: line, column: sink.pointee.fields.count + 1, message: describe(csv_error(&parser), quoted: parser.quoted != 0))
        }
    }

    /// Ends the input: flushes the last record; an open quote is an error.
    func finish(at end: Int64) throws(SyntaxError) {
        sink.pointee.pieceEnd = end
        let context = UnsafeMutableRawPointer(sink)
        let startLine = sink.pointee.line
        let column = sink.pointee.fields.count + 1
        if csv_fini(&parser, LibCSVParser.fieldEnded, LibCSVParser.recordEnded, context) != 0 {
            throw SyntaxError(line: startLine, column: column, message: "a quoted field opened here is never closed (a \" is missing)")
        }
    }

    private func describe(_ code: Int32, quoted: Bool) -> String {
        if code == CSV_EPARSE {
            return quoted ? "a quote inside a quoted field must be doubled (\"\"), or the field must end after its closing quote"
                          : "a quote (\") inside an unquoted field: put the whole field in quotes and double the quote"
        }
        return "libcsv: " + String(cString: csv_strerror(code))
    }

    private static let fieldEnded: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { data, length, context in
        guard let sink = context?.assumingMemoryBound(to: Sink.self) else { return }
        let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : length)
        if sink.pointee.fields.isEmpty { sink.pointee.recordLine = sink.pointee.line }
        let column = sink.pointee.fields.count
        if column < sink.pointee.previous.count, Sink.same(sink.pointee.previous[column], bytes) {
            sink.pointee.fields.append(sink.pointee.previous[column])
        } else {
            sink.pointee.fields.append(String(decoding: bytes, as: UTF8.self))
        }
        sink.pointee.line += Sink.lineBreaks(bytes)
        sink.pointee.lastWasCR = false
    }

    private static let recordEnded: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { terminator, context in
        guard let sink = context?.assumingMemoryBound(to: Sink.self) else { return }
        if !sink.pointee.fields.isEmpty {
            // A row of empty cells (Excel writes them as ",,,,") is no row: its bytes join the next span.
            if !sink.pointee.fields.allSatisfy({ $0.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 } }) {
                let (line, start, end) = (sink.pointee.recordLine, sink.pointee.spanStart, sink.pointee.pieceEnd)
                sink.pointee.onRecord(line, start, end - start, sink.pointee.fields)
                sink.pointee.spanStart = end
            }
            // The record's fields become the previous ones, and the previous ones' array takes the next
            // record's: emptied in place when the record handler kept no copy of it (a handler that keeps
            // its records, as the read-ahead does, costs a new array per record, as before).
            swap(&sink.pointee.previous, &sink.pointee.fields)
            sink.pointee.fields.removeAll(keepingCapacity: true)
        }
        switch terminator {
        case 0x0D:
            sink.pointee.line += 1
            sink.pointee.lastWasCR = true
        case 0x0A:
            if !sink.pointee.lastWasCR { sink.pointee.line += 1 }
            sink.pointee.lastWasCR = false
        default:
            sink.pointee.lastWasCR = false
        }
    }
}
