import Foundation

/// Arithmetic as the spreadsheet does it, so that a cached value equals what Excel or LibreOffice
/// recalculates.
public enum ExcelMath {
    /// `ROUND(x, digits)`: half away from zero, on the value as the spreadsheet shows it (15
    /// significant digits), so 4.595 rounds to 4.60 although its binary value is 4.59499….
    public static func round(_ x: Double, _ digits: Int) -> Double {
        guard x.isFinite else { return x }
        let shown = String(format: "%.15g", x)
        guard let exact = Decimal(string: shown, locale: Locale(identifier: "en_US_POSIX")) else { return x }
        var value = exact
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, digits, .plain)
        // Through the decimal text: NSDecimalNumber.doubleValue can land one ulp off (108.24000000000001).
        return Double(NSDecimalNumber(decimal: rounded).description(withLocale: Locale(identifier: "en_US_POSIX"))) ?? x
    }
}
