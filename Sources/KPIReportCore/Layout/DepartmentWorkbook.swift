/// The department's figures, read back from its evaluated workbook.
public struct DepartmentFigures: Sendable, Equatable {
    /// The projects of the reported round.
    public struct Projects: Sendable, Equatable {
        public let count: Int
        public let countsByLevel: [Int]
        public let success: Double
        public let budget: Double
        public let disbursed: Double
    }

    /// One monitoring round: each annex's (C) and the projects' success, where there are figures.
    public struct Monitoring: Sendable, Equatable {
        public let round: Round
        public let annexes: [(title: String, percent: Double?)]
        public let projectsSuccess: Double?

        public static func == (a: Monitoring, b: Monitoring) -> Bool {
            a.round == b.round && a.projectsSuccess == b.projectsSuccess
                && a.annexes.map(\.title) == b.annexes.map(\.title) && a.annexes.map(\.percent) == b.annexes.map(\.percent)
        }
    }

    /// The department's annexes of the reported round.
    public let annexes: [UnitFigures.Annex]
    /// Its projects, when there are any.
    public let projects: Projects?
    /// Its monitoring rounds.
    public let monitoring: [Monitoring]
}

/// What the department workbook is made of: every unit's figures (the overview needs only their totals),
/// the department's own units read in full, and the projects.
public struct DepartmentInputs: Sendable {
    /// Fiscal year (BE).
    public let fiscalYear: Int
    /// The reported round.
    public let round: Round
    /// Rounds with data up to the reported one.
    public let rounds: [Round]
    /// The department's name.
    public let name: String
    /// Every unit's figures, in the order of divisions.csv.
    public let units: [UnitFigures]
    /// The department's own units.
    public let departmentUnits: [UnitInputs]
    /// Projects of the year.
    public let projects: [Project]

    /// Creates the inputs.
    public init(fiscalYear: Int, round: Round, rounds: [Round], name: String, units: [UnitFigures],
                departmentUnits: [UnitInputs], projects: [Project]) {
        self.fiscalYear = fiscalYear
        self.round = round
        self.rounds = rounds
        self.name = name
        self.units = units
        self.departmentUnits = departmentUnits
        self.projects = projects
    }
}

/// The department's workbook (seed 003): every unit's total per round with rank and chart, the
/// department's own annexes, the projects, and success round by round. Every derived figure is a formula
/// over sheets of the same workbook; a unit's total is carried from its own workbook, where it is the
/// cell named `Total_<round>`.
public enum DepartmentWorkbook {
    /// Lays out the department workbook and reads its figures back.
    public static func build(_ inputs: DepartmentInputs, options: LayoutOptions) -> (Workbook, DepartmentFigures) {
        let book = Workbook(properties: DocumentProperties(
            title: ThaiLabels.departmentTitle(fiscalYear: inputs.fiscalYear, department: inputs.name),
            subject: ThaiLabels.roundWithPeriod(inputs.round, fiscalYear: inputs.fiscalYear),
            company: "", category: "รายงานผลการดำเนินงาน", keywords: "\(inputs.fiscalYear) \(inputs.round.code)",
            created: UnitWorkbook.fixedTimestamp(fiscalYear: inputs.fiscalYear, round: inputs.round)), thaiDigits: options.thaiDigits, keepFormulas: options.keepFormulas)
        let look = Look(book: book, measure: MeasureMemo(options.measure))
        var names = SheetNames()
        let ranked = inputs.units.filter { $0.kind == .agreement && !$0.division.isDepartment }
        let overviewName = ranked.isEmpty ? nil : names.claim(ThaiLabels.Sheet.overview)
        let units = inputs.departmentUnits.map { unit in (unit, AnnexTable.tables(of: unit, round: unit.round)) }
        let annexCount = units.reduce(0) { $0 + $1.1.count }
        var annexNames: [String] = []
        for i in 0..<annexCount { annexNames.append(names.claim(UnitWorkbook.annexSheetName(i, of: annexCount))) }
        let projectsName = inputs.projects.isEmpty ? nil : names.claim(ThaiLabels.Sheet.projects)
        let monitoringName = names.claim(ThaiLabels.Sheet.monitoring)

        // The department units' working sheets first: the annexes and the monitoring read them.
        var roundSheets: [(unit: UnitInputs, sheets: [RoundSheet])] = []
        for (unit, _) in units {
            var sheets: [RoundSheet] = []
            for round in unit.rounds {
                let prefix = units.count > 1 ? ThaiLabels.roundName(round) + " (" + ThaiDigits.thai(roundSheets.count + 1) + ")" : ThaiLabels.roundName(round)
                sheets.append(RoundSheet(unit, round: round, name: names.claim(prefix), book: book, look: look,
                                         annexes: AnnexTable.tables(of: unit, round: round)))
            }
            roundSheets.append((unit, sheets))
        }
        var tabs: [SheetID] = []
        var overviewID: SheetID?
        if let overviewName {
            overviewID = Overview.build(inputs, ranked: ranked, name: overviewName, book: book, look: look)
        }
        var annexFigures: [UnitFigures.Annex] = []
        var annexCells: [CellRef] = []
        var annexTitles: [String] = []
        var k = 0
        for ((unit, tables), (_, sheets)) in zip(units, roundSheets) {
            guard let current = sheets.last else { continue }
            for table in tables {
                let built = AnnexSheet.build(table, unit: unit, round: current, name: annexNames[k], book: book, look: look)
                tabs.append(book.sheets[book.sheets.count - 1].id)
                annexFigures.append(UnitWorkbook.annexFigures(table.title, built, book))
                annexCells.append(built.overall.percent)
                annexTitles.append(table.title.isEmpty ? unit.division.name : table.title)
                k += 1
            }
        }
        UnitWorkbook.defineAnnexNames(annexCells, in: book)
        var projects: ProjectsSheet.Built?
        if let projectsName {
            let current = inputs.projects.filter { $0.round == nil || $0.round == inputs.round }
            projects = ProjectsSheet.build(current, round: inputs.round, fiscalYear: inputs.fiscalYear, department: inputs.name,
                                           name: projectsName, book: book, look: look)
            if let projects {
                book.define("Projects_Success", projects.success)
                tabs.append(projects.sheet.id)
            }
        }
        // Round by round there is something to follow only with an annex or projects (an overview of
        // divisions alone gets no empty monitoring table).
        var monitoringFigures: [DepartmentFigures.Monitoring] = []
        if !annexTitles.isEmpty || projects != nil {
            let monitoring = Monitoring.build(inputs, roundSheets: roundSheets.flatMap { $0.sheets }, annexTitles: annexTitles,
                                              annexKeys: units.flatMap { $0.1.map(\.title) }, projects: projects,
                                              name: monitoringName, book: book, look: look)
            tabs.append(monitoring.sheet)
            monitoringFigures = monitoring.figures
        }
        if let overviewID { tabs.insert(overviewID, at: 0) }
        // The department unit's working sheets support its annexes and the monitoring; they are its own
        // workbook's to print, so here they are hidden (an auditor can unhide them).
        for sheet in roundSheets.flatMap(\.sheets) { sheet.sheet.hidden = true }
        tabs += roundSheets.flatMap { $0.sheets.map(\.sheet.id) }
        book.tabOrder = tabs
        let projectFigures = projects.map { p in
            DepartmentFigures.Projects(count: Int(book.value(at: p.count).number ?? 0),
                                       countsByLevel: p.levelCounts.map { Int(book.value(at: $0).number ?? 0) },
                                       success: book.value(at: p.success).number ?? 0,
                                       budget: book.value(at: p.budget).number ?? 0,
                                       disbursed: book.value(at: p.disbursed).number ?? 0)
        }
        return (book, DepartmentFigures(annexes: annexFigures, projects: projectFigures, monitoring: monitoringFigures))
    }
}

/// The overview (`ภาพรวม`): every unit with an agreement, its total per round (carried from its own
/// workbook's `Total_<round>`), rank, change and mean as formulas, and a bar chart.
enum Overview {
    static func build(_ inputs: DepartmentInputs, ranked: [UnitFigures], name: String, book: Workbook, look: Look) -> SheetID {
        let sheet = book.addSheet(name)
        let rounds = inputs.rounds
        let firstRound = 3
        let rankColumn = firstRound + rounds.count
        let changeColumn = rankColumn + 1
        let last = rounds.count >= 2 ? changeColumn : rankColumn
        sheet.columnWidths = [4, 6, 28] + rounds.map { _ in 8 } + [6] + (rounds.count >= 2 ? [8] : [])
        func at(_ r: Int, _ c: Int) -> CellRef { sheet.ref(r, c) }
        // Up to four rounds the table is narrow: an upright page holds more units.
        let landscape = rounds.count > 4
        book.merge(at(0, 0), at(0, last), .text(look.titleText(ThaiLabels.overviewTitle(fiscalYear: inputs.fiscalYear, department: inputs.name), landscape: landscape)), look.title)
        book.merge(at(1, 0), at(1, last), .text(ThaiLabels.roundWithPeriod(inputs.round, fiscalYear: inputs.fiscalYear)), look.subtitle)
        let h = 3
        let header = look.header(screen: true)
        book.merge(at(h, 0), at(h + 1, 0), .text(ThaiLabels.sequenceColumn), header)
        book.merge(at(h, 1), at(h + 1, 1), .text(ThaiLabels.divisionIDColumn), header)
        book.merge(at(h, 2), at(h + 1, 2), .text(ThaiLabels.divisionColumn), header)
        book.merge(at(h, firstRound), at(h, firstRound + rounds.count - 1), .text(ThaiLabels.overviewScores), header)
        for (i, round) in rounds.enumerated() { book.set(at(h + 1, firstRound + i), .text(ThaiLabels.roundName(round)), header) }
        book.merge(at(h, rankColumn), at(h + 1, rankColumn), .text(ThaiLabels.rankColumn), header)
        if rounds.count >= 2 { book.merge(at(h, changeColumn), at(h + 1, changeColumn), .text(ThaiLabels.changeColumn), header) }

        let first = h + 2
        let lastRow = first + ranked.count - 1
        let current = firstRound + rounds.count - 1
        let score4 = look.number(.decimals(4))
        for (i, unit) in ranked.enumerated() {
            let r = first + i
            book.set(at(r, 0), .number(Double(i + 1)), look.number(.general, center: true))
            book.set(at(r, 1), .text(unit.division.id.value), look.text(center: true))
            book.set(at(r, 2), .text(unit.division.name), look.text())
            for (k, round) in rounds.enumerated() {
                if let total = unit.totals.first(where: { $0.round == round })?.total {
                    book.set(at(r, firstRound + k), .number(total), score4)
                } else {
                    book.set(at(r, firstRound + k), .text("-"), look.text(center: true))
                }
            }
        }
        let totals: Formula = .range(at(first, current), at(lastRow, current), absolute: true)
        for i in ranked.indices {
            let r = first + i
            book.set(at(r, rankColumn), formula: ScoringRules.rank(.cell(at(r, current)), among: totals), look.number(.general, center: true))
            if rounds.count >= 2 {
                book.set(at(r, changeColumn), formula: ScoringRules.change(.cell(at(r, current)), from: .cell(at(r, current - 1))),
                         look.number(.change(decimals: 4), center: true))
            }
        }
        let meanRow = lastRow + 1
        book.merge(at(meanRow, 0), at(meanRow, 2), .text(ThaiLabels.meanRow), look.totalText(screen: true))
        for k in rounds.indices {
            book.set(at(meanRow, firstRound + k), formula: ScoringRules.mean(.column(at(first, firstRound + k), through: lastRow)),
                     look.totalNumber(.decimals(4), screen: true))
        }
        for c in rankColumn...last { book.set(at(meanRow, c), .blank, look.totalText(screen: true)) }
        book.merge(at(meanRow + 1, 0), at(meanRow + 1, last), .text(ThaiLabels.overviewSource), look.note)
        sheet.conditionalFormats = Look.scoreBands(CellRange(at(first, firstRound), at(lastRow, current)))
        // One page of bars is legible; beyond it the table is the overview.
        if ranked.count <= 12 {
            // Room for every unit's name on the category axis (a crowded axis skips every other one):
            // a Thai line of the axis font is about 24 pt.
            let height = 46 * ranked.count + 150
            sheet.charts.append(Chart(kind: .bar, title: ThaiLabels.chartTitle + " " + ThaiLabels.roundName(inputs.round),
                                      series: [Chart.Series(name: at(h + 1, current),
                                                            categories: CellRange(at(first, 2), at(lastRow, 2)),
                                                            values: CellRange(at(first, current), at(lastRow, current)),
                                                            color: Look.chartColors[0], labels: .above)],
                                      anchor: at(meanRow + 3, 0), width: 720, height: height, minimum: 0, maximum: 5,
                                      valueAxisTitle: ThaiLabels.scoreColumn, labelFormat: ranked.count <= 30 ? .decimals(4) : nil))
        }
        SheetFinisher.finish(sheet, in: book, measure: look.measure, plan: PrintPlan(
            // With a chart (up to 12 units, a page of table) the header is not repeated over the
            // chart's page; a longer table repeats it on every page.
            landscape: landscape, repeatRows: sheet.charts.isEmpty ? h...(h + 1) : nil, freeze: (first, 3), fillColumns: [2]))
        return sheet.id
    }
}

/// Success round by round (`ติดตามรายรอบ`): each annex's (C) in each round (read from the department's
/// working sheets, where the same annex rule sums the round), and the projects' success.
enum Monitoring {
    struct Built {
        let sheet: SheetID
        let figures: [DepartmentFigures.Monitoring]
    }

    static func build(_ inputs: DepartmentInputs, roundSheets: [RoundSheet], annexTitles: [String], annexKeys: [String],
                      projects: ProjectsSheet.Built?, name: String, book: Workbook, look: Look) -> Built {
        let sheet = book.addSheet(name)
        let projectRounds = Set(inputs.projects.compactMap(\.round)).filter { $0 <= inputs.round }
        let rounds = Array(Set(roundSheets.map(\.round)).union(projectRounds)).sorted()
        let hasProjects = projects != nil
        let annexColumns = annexTitles.count
        let last = 2 + annexColumns + (hasProjects ? 1 : 0)
        sheet.columnWidths = [6, 9, 28] + Array(repeating: 14, count: last - 2)
        func at(_ r: Int, _ c: Int) -> CellRef { sheet.ref(r, c) }
        book.merge(at(0, 0), at(0, last), .text(look.titleText(ThaiLabels.monitoringTitle(fiscalYear: inputs.fiscalYear), landscape: true)), look.title)
        let h = 2
        let header = look.header(screen: true)
        book.set(at(h, 0), .text(ThaiLabels.monitoringRoundColumn), header)
        book.set(at(h, 1), .text(ThaiLabels.roundColumn), header)
        book.set(at(h, 2), .text(ThaiLabels.monitoringPeriodColumn), header)
        for (k, title) in annexTitles.enumerated() { book.set(at(h, 3 + k), .text(ThaiLabels.monitoringAnnex(title)), header) }
        if hasProjects { book.set(at(h, 3 + annexColumns), .text(ThaiLabels.projectSuccess), header) }

        // Per-round progress of the projects, when the inputs give it round by round.
        let byRound = Dictionary(grouping: inputs.projects.filter { $0.round != nil }, by: { $0.round ?? inputs.round })
        let tracked = rounds.filter { byRound[$0] != nil }
        let progressTop = h + rounds.count + 22
        var progressColumns: [Round: Formula] = [:]
        if !tracked.isEmpty && !(tracked.count == 1 && tracked[0] == inputs.round) {
            var order: [String] = []
            var titles: [String: String] = [:]
            for project in inputs.projects where titles[project.id] == nil {
                order.append(project.id)
                titles[project.id] = ProjectsSheet.projectTitle(project)
            }
            book.merge(at(progressTop, 0), at(progressTop, 2 + tracked.count), .text(ThaiLabels.progressByRound), look.noteBold)
            let ph = progressTop + 1
            book.merge(at(ph, 0), at(ph, 2), .text(ThaiLabels.projectColumn), header)
            for (k, round) in tracked.enumerated() { book.set(at(ph, 3 + k), .text(ThaiLabels.roundName(round)), header) }
            for (i, id) in order.enumerated() {
                let r = ph + 1 + i
                book.merge(at(r, 0), at(r, 2), .text(titles[id] ?? id), look.text())
                for (k, round) in tracked.enumerated() {
                    let progress = byRound[round]?.first { $0.id == id }?.progress
                    book.set(at(r, 3 + k), progress.map { .number(Double($0)) } ?? .blank, look.number(.integer, center: true))
                }
            }
            for (k, round) in tracked.enumerated() {
                progressColumns[round] = .column(at(ph + 1, 3 + k), through: ph + order.count)
            }
        }

        var figures: [DepartmentFigures.Monitoring] = []
        for (i, round) in rounds.enumerated() {
            let r = h + 1 + i
            book.set(at(r, 0), .text(ThaiLabels.monitoringTime(i + 1)), look.text(center: true))
            book.set(at(r, 1), .text(ThaiLabels.roundName(round)), look.text(center: true))
            book.set(at(r, 2), .text(ThaiLabels.roundPeriod(round, fiscalYear: inputs.fiscalYear)), look.text())
            var annexes: [(String, Double?)] = []
            for (k, key) in annexKeys.enumerated() {
                if let source = roundSheets.first(where: { $0.round == round })?.annexPercents[key] {
                    let v = book.set(at(r, 3 + k), formula: .cell(source), look.number(.percent))
                    annexes.append((annexTitles[k], v.number))
                } else {
                    // Blank, not "-": the chart leaves a gap instead of plotting 0.
                    book.set(at(r, 3 + k), .blank, look.text(center: true))
                    annexes.append((annexTitles[k], nil))
                }
            }
            var success: Double?
            if hasProjects {
                let cell = at(r, 3 + annexColumns)
                if let column = progressColumns[round] {
                    success = book.set(cell, formula: ScoringRules.projectSuccess(progressSum: .SUM([column]), projects: .COUNT([column])),
                                       look.number(.percent)).number
                } else if round == inputs.round, let projects {
                    success = book.set(cell, formula: .cell(projects.success), look.number(.percent)).number
                } else {
                    book.set(cell, .blank, look.text(center: true))
                }
            }
            figures.append(DepartmentFigures.Monitoring(round: round, annexes: annexes, projectsSuccess: success))
        }
        let lastRow = h + rounds.count
        if !rounds.isEmpty && last >= 3 {
            var series: [Chart.Series] = []
            for c in 3...last {
                series.append(Chart.Series(name: at(h, c), categories: CellRange(at(h + 1, 1), at(lastRow, 1)),
                                           values: CellRange(at(h + 1, c), at(lastRow, c)),
                                           color: Look.chartColors[(c - 3) % Look.chartColors.count],
                                           labels: [.above, .left, .below][(c - 3) % 3]))
            }
            sheet.charts.append(Chart(kind: .line, title: ThaiLabels.chartMonitoring, series: series, anchor: at(lastRow + 2, 0),
                                      width: 760, height: 360, minimum: 0, maximum: 110, valueAxisTitle: "ร้อยละ",
                                      labelFormat: .decimals(2)))
        }
        // A short table and its chart: no header repeated over the chart's page.
        SheetFinisher.finish(sheet, in: book, measure: look.measure, plan: PrintPlan(
            landscape: true, repeatRows: nil, freeze: (h + 1, 0)))
        return Built(sheet: sheet.id, figures: figures)
    }
}
