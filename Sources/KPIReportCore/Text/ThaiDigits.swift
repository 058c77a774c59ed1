/// Thai digits ๐–๙ (U+0E50–U+0E59) and their ASCII counterparts.
public enum ThaiDigits {
    /// Replaces Thai digits with ASCII digits; other characters are kept.
    public static func toASCII(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { (0x0E50...0x0E59).contains($0.value) }) else { return text }
        var scalars = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if (0x0E50...0x0E59).contains(s.value), let ascii = Unicode.Scalar(s.value - 0x0E50 + 0x30) {
                scalars.append(ascii)
            } else {
                scalars.append(s)
            }
        }
        return String(scalars)
    }

    /// Replaces ASCII digits with Thai digits (for labels such as `รอบ ๖ เดือน`).
    public static func toThai(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if (0x30...0x39).contains(s.value), let thai = Unicode.Scalar(s.value - 0x30 + 0x0E50) {
                scalars.append(thai)
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
    func trimmingASCIIAndThaiSpaces() -> String {
        func isSpace(_ s: Unicode.Scalar) -> Bool {
            s == " " || s == "\t" || s == "\u{00A0}" || s == "\u{200B}" || s == "\u{FEFF}" || s == "\u{3000}"
                || s == "\r" || s == "\n"
        }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
              let end = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[start...end])
    }
}
