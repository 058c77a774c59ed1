/// The character encodings Thai offices' CSV files come in.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8").
    case utf8 = "utf-8"
    /// Windows-874 (a superset of TIS-620): what Thai Excel writes for plain "CSV".
    case cp874 = "cp874"

    /// Reads an `--encoding` value: `utf-8`, `utf8`, `cp874`, `windows-874`, `tis-620`.
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "cp874", "windows-874", "windows874", "tis-620", "tis620", "x-windows-874": self = .cp874
        default: return nil
        }
    }
}

/// Checks text a chunk at a time, tracking the line, and decides the encoding of a file: UTF-8 while
/// every byte sequence is valid; Windows-874 when an invalid sequence turns up and every byte is a
/// Windows-874 character; binary otherwise.
struct EncodingSniffer {
    /// What the bytes seen so far are.
    enum Verdict: Equatable {
        case utf8
        case cp874
        /// Not text: the first offending byte, with its 1-based line and the byte's offset.
        case binary(byte: UInt8, line: Int, offset: Int)
    }

    private(set) var line = 1
    private(set) var offset = 0
    private var pending = 0            // continuation bytes still expected in a UTF-8 sequence
    private var pendingMin: UInt8 = 0x80 // bounds of the next continuation byte (overlongs, surrogates)
    private var pendingMax: UInt8 = 0xBF
    private(set) var validUTF8 = true
    private(set) var validCP874 = true
    private(set) var binary: (byte: UInt8, line: Int, offset: Int)?
    /// Lines of the first byte that breaks each encoding (0 while none has).
    private(set) var firstInvalidUTF8Line = 0
    private(set) var firstInvalidCP874Line = 0

    /// Looks at the next bytes of the file. Written for speed: state in locals, printable ASCII on a
    /// fast path (most bytes of a CSV file).
    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let n = bytes.count
        var line = self.line, pending = self.pending, low = pendingMin, high = pendingMax
        var utf8 = validUTF8, cp874 = validCP874
        var i = 0
        while i < n {
            let byte = p[i]
            if byte >= 0x20 && byte < 0x7F && pending == 0 {
                i += 1
                continue
            }
            // Thai text in UTF-8: a whole three-byte character at a time.
            if pending == 0 && utf8 && byte >= 0xE0 && byte <= 0xEC && i + 2 < n {
                let b1 = p[i + 1], b2 = p[i + 2]
                if b1 >= (byte == 0xE0 ? 0xA0 : 0x80) && b1 <= 0xBF && b2 >= 0x80 && b2 <= 0xBF {
                    if cp874 && !(CP874.isDefined(byte) && CP874.isDefined(b1) && CP874.isDefined(b2)) {
                        cp874 = false
                        firstInvalidCP874Line = line
                    }
                    i += 3
                    continue
                }
            }
            if byte == 0x0A { line += 1 }
            if (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F {
                if binary == nil { binary = (byte, line, offset + i) }
                i += 1
                continue
            }
            if cp874 && byte >= 0x80 && !CP874.isDefined(byte) {
                cp874 = false
                firstInvalidCP874Line = line
            }
            if utf8 {
                if pending > 0 {
                    if byte >= low && byte <= high {
                        pending -= 1
                        low = 0x80
                        high = 0xBF
                    } else {
                        utf8 = false
                        firstInvalidUTF8Line = line
                    }
                } else {
                    switch byte {
                    case 0x00...0x7F: break
                    case 0xC2...0xDF: pending = 1
                    case 0xE0: pending = 2; low = 0xA0
                    case 0xE1...0xEC, 0xEE, 0xEF: pending = 2
                    case 0xED: pending = 2; high = 0x9F
                    case 0xF0: pending = 3; low = 0x90
                    case 0xF1...0xF3: pending = 3
                    case 0xF4: pending = 3; high = 0x8F
                    default:
                        utf8 = false
                        firstInvalidUTF8Line = line
                    }
                }
            } else if pending > 0 {
                pending = 0
            }
            i += 1
        }
        offset += n
        self.line = line
        self.pending = utf8 ? pending : 0
        pendingMin = low
        pendingMax = high
        validUTF8 = utf8
        validCP874 = cp874
    }

    /// The verdict once the whole file (or `limit` bytes of it) has been seen.
    func verdict(endOfFile: Bool) -> Verdict {
        if let binary { return .binary(byte: binary.byte, line: binary.line, offset: binary.offset) }
        if validUTF8 && (pending == 0 || !endOfFile) { return .utf8 }
        return validCP874 ? .cp874 : .binary(byte: 0xFF, line: line, offset: offset)
    }

    /// True once the bytes seen can no longer be UTF-8 (the rest need not be read to decide).
    var decided: Bool { binary != nil || !validUTF8 }
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
