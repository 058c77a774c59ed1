/// The figures of a unit, read back from its evaluated workbook: what the console prints, the
/// manifest records and the department's overview carries. Never computed apart from the cells.
public struct UnitFigures: Sendable, Equatable {
    /// An annex's (A), (B), (C), and its sections'.
    public struct Annex: Sendable, Equatable {
        public let title: String
        public let count: Int
        public let actual: Double
        public let full: Double
        public let percent: Double
        public let sections: [Annex]

        /// Creates an annex's figures.
        public init(title: String, count: Int, actual: Double, full: Double, percent: Double, sections: [Annex]) {
            self.title = title
            self.count = count
            self.actual = actual
            self.full = full
            self.percent = percent
            self.sections = sections
        }
    }

    /// The unit.
    public let division: Division
    /// Agreement or annexes only.
    public let kind: UnitKind
    /// `Total_<round>` of every round sheet, in round order (agreement units only).
    public let totals: [(round: Round, total: Double)]
    /// The annexes of the reported round.
    public let annexes: [Annex]
    /// Results missing in the unit's rounds.
    public let missingResults: Int

    /// Creates a unit's figures.
    public init(division: Division, kind: UnitKind, totals: [(round: Round, total: Double)], annexes: [Annex], missingResults: Int) {
        self.division = division
        self.kind = kind
        self.totals = totals
        self.annexes = annexes
        self.missingResults = missingResults
    }

    public static func == (a: UnitFigures, b: UnitFigures) -> Bool {
        a.division == b.division && a.kind == b.kind && a.annexes == b.annexes && a.missingResults == b.missingResults
            && a.totals.map(\.round) == b.totals.map(\.round) && a.totals.map(\.total) == b.totals.map(\.total)
    }
}

/// The workbook of one unit (SPEC §3): the summary of the reported round, one working sheet per round,
/// the agreement table and the annexes; an annex-only department unit has its working sheets and
/// annexes.
public enum UnitWorkbook {
    /// Lays out a unit's workbook and reads its figures back. A worker that builds many passes its own
    /// `memo`, so that texts every workbook shares are measured once.
    public static func build(_ unit: UnitInputs, options: LayoutOptions, memo: MeasureMemo? = nil) -> (Workbook, UnitFigures) {
        let book = Workbook(properties: properties(unit), thaiDigits: options.thaiDigits, keepFormulas: options.keepFormulas)
        let look = Look(book: book, measure: memo ?? MeasureMemo(options.measure))
        var names = SheetNames()
        let agreement = unit.kind == .agreement
        let summaryName = agreement ? names.claim(ThaiLabels.Sheet.summary) : nil
        let roundNames = unit.rounds.map { names.claim(ThaiLabels.roundName($0)) }
        let agreementName = agreement ? names.claim(ThaiLabels.Sheet.agreement) : nil
        let tables = AnnexTable.tables(of: unit, round: unit.round)
        let annexNames = tables.indices.map { names.claim(annexSheetName($0, of: tables.count)) }

        // Working sheets first: every other sheet reads them.
        var roundSheets: [RoundSheet] = []
        for (round, name) in zip(unit.rounds, roundNames) {
            // The per-round annex block is for the department's monitoring only.
            let sheet = RoundSheet(unit, round: round, name: name, book: book, look: look,
                                   annexes: unit.division.isDepartment ? AnnexTable.tables(of: unit, round: round) : [])
            roundSheets.append(sheet)
            if let total = sheet.total { book.define("Total_\(round.code)", total) }
        }
        var tabs: [SheetID] = []
        guard let current = roundSheets.last else { return (book, figures(unit, book, [], [])) }
        if let summaryName {
            SummarySheet.build(unit, round: current, name: summaryName, book: book, look: look)
            tabs.append(book.sheets[book.sheets.count - 1].id)
        }
        tabs += roundSheets.map(\.sheet.id)
        if let agreementName {
            AgreementSheet.build(unit, name: agreementName, book: book, look: look)
            tabs.append(book.sheets[book.sheets.count - 1].id)
        }
        var built: [AnnexSheet.Built] = []
        for (table, name) in zip(tables, annexNames) {
            let annex = AnnexSheet.build(table, unit: unit, round: current, name: name, book: book, look: look)
            let id = book.sheets[book.sheets.count - 1].id
            tabs.append(id)
            built.append(annex)
        }
        defineAnnexNames(built.map(\.overall.percent), in: book)
        book.tabOrder = tabs
        return (book, figures(unit, book, roundSheets, zip(tables, built).map { ($0.title, $1) }))
    }

    /// `ภาคผนวก`, or `ภาคผนวก ๑`, `ภาคผนวก ๒`, … when there are several.
    static func annexSheetName(_ i: Int, of count: Int) -> String {
        count == 1 ? ThaiLabels.Sheet.annex : "\(ThaiLabels.Sheet.annex) \(ThaiDigits.thai(i + 1))"
    }

    /// `Annex_C` for one annex; with several, `Annex1_C`, `Annex2_C`, … in sheet order, and `Annex_C`
    /// local to each annex sheet.
    static func defineAnnexNames(_ cells: [CellRef], in book: Workbook) {
        if cells.count == 1, let only = cells.first {
            book.define("Annex_C", only)
            return
        }
        for (i, cell) in cells.enumerated() {
            book.define("Annex\(i + 1)_C", cell)
            book.define("Annex_C", cell, localTo: cell.sheet)
        }
    }

    static func properties(_ unit: UnitInputs) -> DocumentProperties {
        DocumentProperties(
            title: ThaiLabels.summaryTitle(fiscalYear: unit.fiscalYear) + " " + unit.division.name,
            subject: ThaiLabels.roundWithPeriod(unit.round, fiscalYear: unit.fiscalYear),
            company: "", category: "คำรับรองการปฏิบัติราชการ",
            keywords: "\(unit.division.id.value) \(unit.fiscalYear) \(unit.round.code)",
            created: fixedTimestamp(fiscalYear: unit.fiscalYear, round: unit.round))
    }

    /// The document date: midnight UTC after the reported round's period ends, so the same inputs
    /// always give the same file.
    static func fixedTimestamp(fiscalYear: Int, round: Round) -> Int {
        (round.periodEnd(fiscalYear: fiscalYear).daysSinceEpoch + 1) * 86_400
    }

    static func annexFigures(_ title: String, _ built: AnnexSheet.Built, _ book: Workbook) -> UnitFigures.Annex {
        func read(_ s: AnnexSheet.Subtotal, sections: [UnitFigures.Annex]) -> UnitFigures.Annex {
            let full = book.value(at: s.full).number ?? 0
            return UnitFigures.Annex(title: s.title, count: Int((full / ScoringRules.fullScore).rounded()),
                                     actual: book.value(at: s.actual).number ?? 0, full: full,
                                     percent: book.value(at: s.percent).number ?? 0, sections: sections)
        }
        let sections = built.sections.map { read($0, sections: []) }
        return read(AnnexSheet.Subtotal(title: title, full: built.overall.full, actual: built.overall.actual,
                                        percent: built.overall.percent), sections: sections)
    }

    static func figures(_ unit: UnitInputs, _ book: Workbook, _ rounds: [RoundSheet],
                        _ annexes: [(String, AnnexSheet.Built)]) -> UnitFigures {
        UnitFigures(division: unit.division, kind: unit.kind,
                    totals: rounds.compactMap { sheet in sheet.total.flatMap { book.value(at: $0).number }.map { (sheet.round, $0) } },
                    annexes: annexes.map { annexFigures($0.0, $0.1, book) },
                    missingResults: unit.rounds.reduce(0) { n, r in
                        n + unit.ids.filter { unit.rule($0, in: r) != nil && unit.results[r]?[$0] == nil }.count
                    })
    }
}
