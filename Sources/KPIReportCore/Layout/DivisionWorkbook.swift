/// Options of the workbook layouts.
public struct LayoutOptions: Sendable {
    /// Numbers and indicator numbers in Thai digits.
    public var thaiDigits: Bool

    /// Creates options.
    public init(thaiDigits: Bool = false) { self.thaiDigits = thaiDigits }
}

/// The workbook of one division (SPEC §3): the summary of the reported round, one working sheet per
/// round with data, the agreement table and the annex.
public enum DivisionWorkbook {
    /// Lays out a division's workbook.
    public static func build(_ report: YearReport.DivisionReport, year: YearReport, options: LayoutOptions = .init()) -> Workbook {
        let styles = Styles(thaiDigits: options.thaiDigits)
        let labels = IndicatorLabels(thaiDigits: options.thaiDigits)
        var names = SheetNames()
        var roundSheets: [RoundSheet] = []
        var definedNames: [DefinedName] = []
        for scored in report.rounds {
            let sheet = RoundSheet(scored, name: names.claim(ThaiLabels.roundName(scored.round)), styles: styles, labels: labels)
            roundSheets.append(sheet)
            definedNames.append(DefinedName(name: "Total_\(scored.round.code)", sheet: sheet.sheet.name, address: sheet.total))
        }
        let current = roundSheets[roundSheets.count - 1]
        let summary = SummarySheet.build(report.current, round: current, styles: styles, labels: labels)
        let agreement = AgreementSheet.build(fiscalYear: year.fiscalYear, division: report.division, rows: report.agreement,
                                             styles: styles, labels: labels)
        var annexSheets: [Worksheet] = []
        let annexes = report.annexes.filter { !$0.entries.isEmpty }
        for (i, table) in annexes.enumerated() {
            let name = names.claim(annexes.count == 1 ? ThaiLabels.Sheet.annex : "\(ThaiLabels.Sheet.annex) \(ThaiDigits.thai(i + 1))")
            let title = table.title == report.division.name
                ? ThaiLabels.annexTitle(fiscalYear: year.fiscalYear, division: report.division.name)
                : "ค่าคะแนนวัดผลสำเร็จ" + table.title
            let built = AnnexSheet.build(table, name: name, title: title, fiscalYear: year.fiscalYear, round: current, styles: styles)
            annexSheets.append(built.sheet)
            definedNames.append(DefinedName(name: "Annex_C", scope: annexes.count == 1 ? nil : name, sheet: name, address: built.percent))
        }
        let properties = DocumentProperties(
            title: ThaiLabels.summaryTitle(fiscalYear: year.fiscalYear) + " " + report.division.name,
            subject: ThaiLabels.roundName(year.round) + " " + ThaiLabels.roundPeriod(year.round, fiscalYear: year.fiscalYear),
            company: year.departmentName, category: "คำรับรองการปฏิบัติราชการ",
            keywords: "\(report.division.id) \(year.fiscalYear) \(year.round.code)",
            created: fixedTimestamp(year))
        return Workbook(properties: properties, sheets: [summary] + roundSheets.map(\.sheet) + [agreement] + annexSheets,
                        names: definedNames)
    }

    /// The document date: midnight UTC after the reported round's period ends, so the same inputs
    /// always give the same file.
    static func fixedTimestamp(_ year: YearReport) -> Int {
        year.round.periodEnd(fiscalYear: year.fiscalYear).daysSinceEpoch * 86_400
    }
}

/// Hands out sheet names that follow Excel's rules: at most 31 characters, none of `[]:*?/\`, not
/// starting or ending with `'`, unique without regard to case.
public struct SheetNames {
    private var taken = Set<String>()

    /// An empty register.
    public init() {}

    /// A valid, unused name as close to `proposed` as the rules allow.
    public mutating func claim(_ proposed: String) -> String {
        let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
        var base = String(proposed.map { forbidden.contains($0) ? "_" : $0 })
        while base.hasPrefix("'") { base.removeFirst() }
        while base.hasSuffix("'") { base.removeLast() }
        if base.isEmpty { base = "Sheet" }
        // Excel counts characters as code points: a Thai vowel or tone mark counts as one.
        func prefix(_ text: String, _ count: Int) -> String {
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: text.unicodeScalars.prefix(count))
            return String(scalars)
        }
        base = prefix(base, 31)
        var name = base
        var n = 2
        while taken.contains(name.lowercased()) {
            let suffix = " (\(n))"
            name = prefix(base, 31 - suffix.unicodeScalars.count) + suffix
            n += 1
        }
        taken.insert(name.lowercased())
        return name
    }
}
