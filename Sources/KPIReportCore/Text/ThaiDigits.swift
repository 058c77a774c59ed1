/// Thai digits ๐–๙ (U+0E50–U+0E59) and their ASCII counterparts.
public enum ThaiDigits {
    /// Replaces Thai digits with ASCII digits; other characters are kept.
    public static func toASCII(_ text: String) -> String { shift(text, from: 0x0E50, to: 0x30) }

    /// Replaces ASCII digits with Thai digits (for labels such as `รอบ ๖ เดือน`).
    public static func toThai(_ text: String) -> String { shift(text, from: 0x30, to: 0x0E50) }

    /// Maps the ten digits starting at `from` to those starting at `to`.
    private static func shift(_ text: String, from: UInt32, to: UInt32) -> String {
        let digits = from...(from + 9)
        guard text.unicodeScalars.contains(where: { digits.contains($0.value) }) else { return text }
        var scalars = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if digits.contains(s.value), let mapped = Unicode.Scalar(s.value - from + to) {
                scalars.append(mapped)
            } else {
                scalars.append(s)
            }
        }
        return String(scalars)
    }

    /// A non-negative integer in Thai digits.
    public static func thai(_ n: Int) -> String { toThai(String(n)) }
}

extension String {
    /// The string without leading and trailing spaces, tabs, no-break spaces and zero-width spaces
    /// (what Excel and copy-paste from PDFs leave around values).
    public func trimmingASCIIAndThaiSpaces() -> String {
        func isSpace(_ s: Unicode.Scalar) -> Bool {
            s == " " || s == "\t" || s == "\u{00A0}" || s == "\u{200B}" || s == "\u{FEFF}" || s == "\u{3000}"
                || s == "\r" || s == "\n"
        }
        // Nothing to trim (most fields): the first and the last scalar, decoded from the bytes where
        // they lie, are not spaces.
        let ends: Bool? = utf8.withContiguousStorageIfAvailable { bytes in
            guard let first = bytes.first, let last = bytes.last else { return false }
            if first < 0x80 && last < 0x80 { return first > 0x20 && last > 0x20 }
            var i = bytes.count - 1
            while i > 0 && bytes[i] & 0xC0 == 0x80 { i -= 1 }
            return !isSpace(String.decodeScalar(bytes, at: 0)) && !isSpace(String.decodeScalar(bytes, at: i))
        }
        if ends == true { return self }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
              let end = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        // Nothing to trim (most fields): the same string, not a copy.
        if start == scalars.startIndex && scalars.index(after: end) == scalars.endIndex { return self }
        return String(scalars[start...end])
    }

    /// The scalar whose UTF-8 begins at `i` of a string's bytes (valid UTF-8).
    static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Unicode.Scalar {
        let lead = UInt32(bytes[i])
        var value = lead
        if lead >= 0xF0, i + 3 < bytes.count {
            value = (lead & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
        } else if lead >= 0xE0, i + 2 < bytes.count {
            value = (lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
        } else if lead >= 0xC0, i + 1 < bytes.count {
            value = (lead & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
        }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }
}
