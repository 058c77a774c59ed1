import Testing
@testable import KPIReportCore
import TestSupport

/// Values as Thai offices write them (SPEC §1).
@Suite struct ValueParserTests {
    @Test("numbers", arguments: [
        ("92.5", 92.5), ("92.50%", 92.5), ("1,880,000.00", 1_880_000), ("๙๒.๕", 92.5), (" 5 ", 5), ("-3", -3), ("+4", 4),
        ("๔,๒๒๕", 4225), ("100 %", 100), ("0.5", 0.5), (".5", 0.5), ("\u{00A0}12\u{00A0}", 12), ("−2", -2),
    ])
    func numbers(raw: String, value: Double) throws {
        #expect(try ValueParser.number(raw) == value)
    }

    /// Plain decimals are read from their bytes; the value must be exactly what `Double(_:)` reads.
    @Test("plain decimals read exactly as Double(_:) reads them (300,000 random ones and the edges)")
    func plainDecimalsAreDoubles() throws {
        var random = SeededRandom(seed: 925)
        var texts = ["0", "-0", ".5", "-.5", "5.", "007", "0.1", "0.3", "2.675", "1.005", "999999999999999", "0.000000000000001",
                     "123456789012345", "12345678901234.5", "9007199254740993", "1234567890123456", "-999999999999999"]
        for _ in 0..<300_000 {
            let length = Int.random(in: 1...15, using: &random)
            var digits = String((0..<length).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
            if Bool.random(using: &random) { digits.insert(".", at: digits.index(digits.startIndex, offsetBy: Int.random(in: 0...length, using: &random))) }
            texts.append(Bool.random(using: &random) ? "-" + digits : digits)
        }
        var mismatches: [String] = []
        for text in texts {
            let read = try ValueParser.number(text)
            if read?.bitPattern != Double(text)?.bitPattern { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    /// Trimming answers "nothing to trim" from the first and last scalar read where the bytes lie; it
    /// must trim exactly what a scalar-by-scalar trim does, whatever the ends are.
    @Test("trimming is the scalar-by-scalar trim (100,000 random fields)")
    func trimming() {
        func reference(_ text: String) -> String {
            let spaces: Set<Unicode.Scalar> = [" ", "\t", "\u{00A0}", "\u{200B}", "\u{FEFF}", "\u{3000}", "\r", "\n"]
            let scalars = Array(text.unicodeScalars)
            guard let start = scalars.firstIndex(where: { !spaces.contains($0) }),
                  let end = scalars.lastIndex(where: { !spaces.contains($0) }) else { return "" }
            return String(String.UnicodeScalarView(scalars[start...end]))
        }
        var random = SeededRandom(seed: 31)
        let pieces = [" ", "\t", "\u{00A0}", "\u{200B}", "\u{FEFF}", "\u{3000}", "\r\n", "a", "5", "ซ", "ภ", "฿", "ก", "ข้", "\u{01}",
                      "é", "\u{2000}", "😀", "x y", "ร้อยละ"]
        var mismatches: [String] = []
        for _ in 0..<100_000 {
            let text = (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
            let trimmed = text.trimmingASCIIAndThaiSpaces()
            if !trimmed.utf8.elementsEqual(reference(text).utf8) { mismatches.append(text.debugDescription) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test("no value", arguments: ["", " ", "-", "–", "—"])
    func noValue(raw: String) throws {
        #expect(try ValueParser.number(raw) == nil)
        #expect(try ValueParser.date(raw) == nil)
    }

    @Test("not numbers", arguments: ["abc", "1,5", "12,34,567", "1.2.3", "5 คน", "1e5", "%", "๕๐ ครั้ง", "0x10", "1 000"])
    func notNumbers(raw: String) {
        #expect(throws: ValueParser.Invalid.self) { try ValueParser.number(raw) }
    }

    @Test("dates", arguments: [
        ("2024-02-07", 2024, 2, 7), ("2567-02-07", 2024, 2, 7), ("๗ ก.พ. ๒๕๖๗", 2024, 2, 7), ("7 กุมภาพันธ์ 2567", 2024, 2, 7),
        ("7/2/2567", 2024, 2, 7), ("๗/๒/๒๕๖๗", 2024, 2, 7), ("31 ธ.ค. 66", 2023, 12, 31), ("1 ต.ค. 2565", 2022, 10, 1),
    ])
    func dates(raw: String, year: Int, month: Int, day: Int) throws {
        #expect(try ValueParser.date(raw) == CivilDate(validatingYear: year, month: month, day: day))
    }

    @Test("refused dates", arguments: ["7/2/2024", "2024-02-30", "2024/02/07", "tomorrow", "32 ม.ค. 2567", "2567-13-01"])
    func refusedDates(raw: String) {
        #expect(throws: ValueParser.Invalid.self) { try ValueParser.date(raw) }
    }

    @Test("an ambiguous slash date says how to write it")
    func ambiguousMessage() {
        #expect(throws: ValueParser.Invalid(message: "\"7/2/2024\" is ambiguous (day/month or month/day?); write it as 2024-MM-DD or with a Buddhist-Era year, e.g. 7/2/2567")) {
            try ValueParser.date("7/2/2024")
        }
    }
}

/// Rounds, indicator numbers and dates.
@Suite struct ModelTests {
    @Test("round codes", arguments: [("R6", "R6"), ("r12", "R12"), ("Q3", "Q3"), ("M1", "M01"), ("m01", "M01"), ("M12", "M12"),
                                     ("R06", "R6"), ("q04", "Q4"), ("m3", "M03"), ("R๖", "R6"), (" r12", "R12"), ("M๑๒", "M12")])
    func roundCodes(raw: String, code: String) {
        #expect(Round(code: raw)?.code == code)
    }

    @Test("not rounds", arguments: ["R3", "Q5", "M13", "M0", "X1", "", "R", "6", "R6 ", "Q-1", "R+6", "R 6", "RR6", "R123", "ก6", "2R"])
    func notRounds(raw: String) {
        if raw == "R6 " { #expect(Round(code: raw) != nil); return } // spaces around are trimmed
        #expect(Round(code: raw) == nil)
    }

    @Test("rounds sort by the month they end, the longer round last")
    func roundOrder() {
        let rounds = ["R12", "Q2", "M03", "R6", "Q4", "M12", "Q1", "M06"].compactMap { Round(code: $0) }.sorted().map(\.code)
        #expect(rounds == ["M03", "Q1", "M06", "Q2", "R6", "M12", "Q4", "R12"])
    }

    @Test("a round's period end and the fiscal year a report date belongs to")
    func fiscalCalendar() {
        let r6 = Round(code: "R6")!, r12 = Round(code: "R12")!, m01 = Round(code: "M01")!
        #expect(r6.periodEnd(fiscalYear: 2566) == CivilDate(validatingYear: 2023, month: 3, day: 31))
        #expect(r12.periodEnd(fiscalYear: 2566) == CivilDate(validatingYear: 2023, month: 9, day: 30))
        #expect(m01.periodEnd(fiscalYear: 2566) == CivilDate(validatingYear: 2022, month: 10, day: 31))
        #expect(r12.fiscalYear(reportedOn: CivilDate(validatingYear: 2020, month: 10, day: 15)!) == 2563)
        #expect(r6.fiscalYear(reportedOn: CivilDate(validatingYear: 2020, month: 4, day: 15)!) == 2563)
        #expect(r6.fiscalYear(reportedOn: CivilDate(validatingYear: 2020, month: 3, day: 31)!) == 2563)
    }

    @Test("indicator numbers sort part by part; Thai digits are the same number")
    func indicatorOrder() {
        let ids = ["2.10", "2.9", "10.1", "1.1", "2.1", "1.10", "1.2"].map(IndicatorID.init).sorted().map(\.value)
        #expect(ids == ["1.1", "1.2", "1.10", "2.1", "2.9", "2.10", "10.1"])
        #expect(IndicatorID("๒.๑") == IndicatorID("2.1"))
        #expect(IndicatorID(" 2.1 ") == IndicatorID("2.1"))
    }

    @Test("days since 1970 round-trip and the Excel serial")
    func civilDates() {
        for days in stride(from: -1000, through: 40_000, by: 37) {
            let d = CivilDate(daysSinceEpoch: days)
            #expect(d.daysSinceEpoch == days)
        }
        #expect(CivilDate(validatingYear: 2024, month: 2, day: 7)?.excelSerial == 45329)
        #expect(CivilDate(validatingYear: 2023, month: 2, day: 29) == nil)
        #expect(CivilDate(validatingYear: 2024, month: 2, day: 29) != nil)
    }
}
