/// The character encodings Thai offices' CSV files come in.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8").
    case utf8 = "utf-8"
    /// Windows-874 (a superset of TIS-620): what Thai Excel writes for plain "CSV".
    case cp874 = "cp874"

    /// Reads an `--encoding` value: `utf-8`, `utf8`, `cp874`, `windows-874`, `tis-620`.
    public init?(name: String) {
        switch String(name.lowercased().map { $0 == "_" ? "-" : $0 }) {
        case "utf-8", "utf8": self = .utf8
        case "cp874", "windows-874", "windows874", "tis-620", "tis620", "x-windows-874": self = .cp874
        default: return nil
        }
    }
}

/// Where a byte is in a CSV file: physical line, field (column) of the record on that line, offset.
struct BytePosition: Equatable {
    let line: Int
    let column: Int
    let offset: Int
}

/// Reads a whole file a chunk at a time and tells what its bytes are: UTF-8, Windows-874, or not text;
/// and where the first byte is that breaks each. A file of UTF-8 Thai with a few bytes that are not
/// UTF-8 (a line pasted from a Windows-874 file) is not guessed to be Windows-874: it is refused at
/// the first bad byte.
struct EncodingSniffer {
    private var line = 1
    private var column = 1
    private var offset = 0
    private var inQuotes = false
    private var pending = 0              // continuation bytes still expected
    private var low: UInt8 = 0x80        // bounds of the next continuation byte (overlongs, surrogates)
    private var high: UInt8 = 0xBF
    private var sequenceStart: BytePosition?
    private var sequenceIsThai = false
    private var lead: UInt8 = 0
    private var consumed = 0
    /// Complete UTF-8 sequences that are Thai letters (U+0E00–U+0E7F).
    private(set) var thaiUTF8 = 0
    /// Byte sequences that are not UTF-8.
    private(set) var invalidUTF8 = 0
    private(set) var firstInvalidUTF8: (position: BytePosition, byte: UInt8)?
    private(set) var firstInvalidCP874: (position: BytePosition, byte: UInt8)?
    private(set) var firstControl: (position: BytePosition, byte: UInt8)?

    private var here: BytePosition { BytePosition(line: line, column: column, offset: offset) }

    /// Looks at the next bytes of the file.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        var i = 0
        while i < n {
            let byte = bytes[i]
            if pending == 0 {
                // The bytes nearly every file is made of, taken whole: a Thai letter in UTF-8 (E0 B8 xx or
                // E0 B9 xx) once the file is known not to be Windows-874 throughout, and plain ASCII text.
                if byte == 0xE0 && i + 2 < n && firstInvalidCP874 != nil {
                    let second = bytes[i + 1], third = bytes[i + 2]
                    if (second == 0xB8 || second == 0xB9) && third >= 0x80 && third <= 0xBF {
                        thaiUTF8 += 1
                        lead = 0xE0
                        consumed = 2
                        sequenceIsThai = true
                        offset += 3
                        i += 3
                        continue
                    }
                }
                if byte >= 0x20 && byte < 0x7F && byte != 0x22 && byte != 0x2C {
                    offset += 1
                    i += 1
                    continue
                }
            }
            step(byte)
            i += 1
        }
    }

    /// One byte, with every rule.
    private mutating func step(_ byte: UInt8) {
        // Position bookkeeping: lines, and fields as a spreadsheet numbers them.
        let position = here
        if pending > 0 {
            if byte >= low && byte <= high {
                // Thai letters in UTF-8 are E0 B8 xx and E0 B9 xx.
                if lead == 0xE0 && consumed == 0 && (byte == 0xB8 || byte == 0xB9) { sequenceIsThai = true }
                consumed += 1
                pending -= 1
                low = 0x80
                high = 0xBF
                if pending == 0 {
                    if sequenceIsThai { thaiUTF8 += 1 }
                    sequenceStart = nil
                }
                noteCP874(byte, position)
                offset += 1
                return
            }
            // The sequence that breaks here is named by its first byte.
            invalid(sequenceStart ?? position, sequenceStart == nil ? byte : lead)
            pending = 0
            sequenceStart = nil
        }
        switch byte {
        case 0x0A:
            line += 1
            if !inQuotes { column = 1 }
        case 0x0D:
            break
        case 0x09:
            break
        case 0x22:
            inQuotes.toggle()
        case 0x2C:
            if !inQuotes { column += 1 }
        case 0x00..<0x20, 0x7F:
            if firstControl == nil { firstControl = (position, byte) }
        case 0x80...0xFF:
            noteCP874(byte, position)
            lead = byte
            switch byte {
            case 0xC2...0xDF: begin(1, position, thai: false)
            case 0xE0: begin(2, position, thai: false); low = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: begin(2, position, thai: false)
            case 0xED: begin(2, position, thai: false); high = 0x9F
            case 0xF0: begin(3, position, thai: false); low = 0x90
            case 0xF1...0xF3: begin(3, position, thai: false)
            case 0xF4: begin(3, position, thai: false); high = 0x8F
            default: invalid(position, byte)
            }
        default:
            break
        }
        offset += 1
    }

    private mutating func begin(_ continuations: Int, _ position: BytePosition, thai: Bool) {
        pending = continuations
        consumed = 0
        low = 0x80
        high = 0xBF
        sequenceStart = position
        sequenceIsThai = thai
    }

    private mutating func noteCP874(_ byte: UInt8, _ position: BytePosition) {
        if firstInvalidCP874 == nil && byte >= 0x80 && !CP874.isDefined(byte) { firstInvalidCP874 = (position, byte) }
    }

    private mutating func invalid(_ position: BytePosition, _ byte: UInt8) {
        invalidUTF8 += 1
        if firstInvalidUTF8 == nil { firstInvalidUTF8 = (position, byte) }
    }

    /// What the file is, once it has all been seen.
    enum Verdict: Equatable {
        case utf8
        case cp874
        /// A control byte: not a text file.
        case binary(BytePosition, UInt8)
        /// UTF-8 with bytes that are not UTF-8.
        case brokenUTF8(BytePosition, UInt8)
        /// Neither encoding reads it.
        case unreadable(BytePosition, UInt8)
    }

    func verdict(forced: TextEncoding?) -> Verdict {
        if let (position, byte) = firstControl { return .binary(position, byte) }
        var invalidCount = invalidUTF8
        var first = firstInvalidUTF8
        if pending > 0, let start = sequenceStart {
            // The file ends inside a sequence.
            invalidCount += 1
            if first == nil { first = (start, 0) }
        }
        switch forced {
        case .utf8?:
            if let first { return .brokenUTF8(first.position, first.byte) }
            return .utf8
        case .cp874?:
            if let bad = firstInvalidCP874 { return .unreadable(bad.position, bad.byte) }
            return .cp874
        case nil:
            guard let first else { return .utf8 }
            if thaiUTF8 > 0 && thaiUTF8 >= invalidCount { return .brokenUTF8(first.position, first.byte) }
            if let bad = firstInvalidCP874 { return .unreadable(bad.position, bad.byte) }
            return .cp874
        }
    }
}

/// Windows-874: ASCII, then Thai letters at 0xA1–0xDA and 0xDF–0xFB (U+0E01–U+0E5B), a few
/// punctuation marks at 0x80–0x97, and the no-break space at 0xA0.
enum CP874 {
    /// True when the byte is a character of Windows-874.
    static func isDefined(_ byte: UInt8) -> Bool { byte < 0x80 || scalar(byte) != nil }

    /// The Unicode scalar value of a byte ≥ 0x80, nil when undefined.
    static func scalar(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x80: return 0x20AC
        case 0x85: return 0x2026
        case 0x91: return 0x2018
        case 0x92: return 0x2019
        case 0x93: return 0x201C
        case 0x94: return 0x201D
        case 0x95: return 0x2022
        case 0x96: return 0x2013
        case 0x97: return 0x2014
        case 0xA0: return 0x00A0
        case 0xA1...0xDA, 0xDF...0xFB: return 0x0E00 + UInt32(byte - 0xA0)
        default: return nil
        }
    }

    /// UTF-8 bytes of every byte value (empty for undefined ones): a byte-by-byte transcoding table.
    static let utf8Table: [[UInt8]] = (0...255).map { (b: Int) -> [UInt8] in
        let byte = UInt8(b)
        if byte < 0x80 { return [byte] }
        guard let value = scalar(byte), let s = Unicode.Scalar(value) else { return [] }
        return Array(String(s).utf8)
    }

    /// Appends the UTF-8 form of Windows-874 bytes to `out`.
    static func transcode(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.reserveCapacity(out.count + bytes.count * 2)
        for byte in bytes {
            if byte < 0x80 { out.append(byte) } else { out.append(contentsOf: utf8Table[Int(byte)]) }
        }
    }
}
