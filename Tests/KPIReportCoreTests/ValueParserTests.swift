import Testing
@testable import KPIReportCore

/// Values as Thai offices write them (SPEC §1).
@Suite struct ValueParserTests {
    @Test("numbers", arguments: [
        ("92.5", 92.5), ("92.50%", 92.5), ("1,880,000.00", 1_880_000), ("๙๒.๕", 92.5), (" 5 ", 5), ("-3", -3), ("+4", 4),
        ("๔,๒๒๕", 4225), ("100 %", 100), ("0.5", 0.5), (".5", 0.5), ("\u{00A0}12\u{00A0}", 12), ("−2", -2),
    ])
    func numbers(raw: String, value: Double) throws {
        #expect(try ValueParser.number(raw) == value)
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
    @Test("round codes", arguments: [("R6", "R6"), ("r12", "R12"), ("Q3", "Q3"), ("M1", "M01"), ("m01", "M01"), ("M12", "M12")])
    func roundCodes(raw: String, code: String) {
        #expect(Round(code: raw)?.code == code)
    }

    @Test("not rounds", arguments: ["R3", "Q5", "M13", "M0", "X1", "", "R", "6", "R6 ", "Q-1"])
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
