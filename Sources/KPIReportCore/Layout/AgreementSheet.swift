/// The agreement table (`คำรับรอง`, seed 000): group heading rows (มิติ, ด้าน, วัตถุประสงค์) with
/// their weight as a sum, each indicator with weight, target, criteria ๑–๕ and remark.
enum AgreementSheet {
    static func build(fiscalYear: Int, division: Division, rows: [Indicator], styles s: Styles, labels: IndicatorLabels) -> Worksheet {
        var ws = Worksheet(name: ThaiLabels.Sheet.agreement)
        let last = 8
        ws.title(0, through: last, ThaiLabels.agreementTitle(fiscalYear: fiscalYear, division: division.name), s.title, width: 139)
        ws.merge(2, 0, to: 3, 0, .text(ThaiLabels.agreementIndicatorColumn), s.header)
        ws.merge(2, 1, to: 3, 1, .text(ThaiLabels.agreementWeightColumn), s.header)
        ws.merge(2, 2, to: 3, 2, .text(ThaiLabels.agreementTargetColumn(fiscalYear: fiscalYear)), s.header)
        ws.merge(2, 3, to: 2, 7, .text(ThaiLabels.criteriaColumn), s.header)
        for k in 1...5 { ws.set(3, 2 + k, .text(ThaiDigits.thai(k)), s.header) }
        ws.merge(2, 8, to: 3, 8, .text(ThaiLabels.remarkColumn), s.header)
        ws.rowHeights[2] = RowHeight.points(lines: 1)
        ws.rowHeights[3] = RowHeight.points(lines: 1)

        // Rows in order; a heading row whenever the group path changes.
        var r = 4
        var current: [String] = []
        var openGroups: [(row: Int, cells: [CellAddress])] = []
        var weightCells: [CellAddress] = []
        var groupRows: [(row: Int, cells: [CellAddress])] = []
        var seenIDs = Set<IndicatorID>()
        func closeGroups(downTo depth: Int) {
            while openGroups.count > depth { groupRows.append(openGroups.removeLast()) }
        }
        for rule in rows {
            let common = zip(current, rule.group).prefix { $0 == $1 }.count
            closeGroups(downTo: common)
            for depth in common..<rule.group.count {
                ws.merge(r, 0, to: r, 0, .text(ThaiLabels.groupBullet + rule.group[depth]), s.group(depth: depth))
                for c in 1...last { ws.set(r, c, .blank, s.group(depth: depth)) }
                ws.rowHeights[r] = RowHeight.points(lines: RowHeight.lines(rule.group[depth], width: 46 - 3 * Double(depth)))
                openGroups.append((r, []))
                r += 1
            }
            current = rule.group
            let first = seenIDs.insert(rule.id).inserted
            ws.set(r, 0, .text(labels.id(rule.id) + " " + rule.name), s.text)
            ws.rowHeights[r] = RowHeight.points(lines: max(RowHeight.lines(labels.id(rule.id) + " " + rule.name, width: 50), RowHeight.lines(rule.note, width: 24)))
            if first, let weight = rule.weight {
                ws.set(r, 1, .number(weight), s.number(s.general).with { $0.horizontal = .center })
                let cell = CellAddress(row: r, column: 1)
                weightCells.append(cell)
                for i in openGroups.indices { openGroups[i].cells.append(cell) }
            } else {
                ws.set(r, 1, .blank, s.number(s.general))
            }
            ws.set(r, 2, rule.target.map(CellValue.number) ?? .blank, s.number(s.general).with { $0.horizontal = .center })
            for k in 0..<5 {
                let value: CellValue
                switch rule.method {
                case .threshold: value = .number(rule.criteria[k])
                case .level: value = .number(Double(k + 1))
                case .targetRatio: value = .text(ThaiLabels.bandRange(k + 1))
                }
                ws.set(r, 3 + k, value, s.number(s.general).with { $0.horizontal = .center })
            }
            var remark = rule.note
            if let rounds = rule.rounds, rows.filter({ $0.id == rule.id }).count > 1 {
                remark = [ThaiLabels.criteriaFor(rounds.sorted()), remark].filter { !$0.isEmpty }.joined(separator: ": ")
            }
            ws.set(r, 8, .text(remark), s.text)
            r += 1
        }
        closeGroups(downTo: 0)
        for group in groupRows where !group.cells.isEmpty {
            let total = group.cells.compactMap { ws[$0]?.number }.reduce(0, +)
            ws.set(group.row, 1, .formula("=" + ScoreFormulas.sum(group.cells), cached: .number(total)),
                   s.group(depth: 0).with { $0.horizontal = .center; $0.numberFormat = s.general })
        }
        ws.merge(r, 0, to: r, 0, .text(ThaiLabels.totalRow), s.totalText)
        let total = weightCells.compactMap { ws[$0]?.number }.reduce(0, +)
        ws.set(r, 1, .formula("=" + ScoreFormulas.sum(weightCells), cached: .number(total)), s.totalNumber(s.general).with { $0.horizontal = .center })
        for c in 2...last { ws.set(r, c, .blank, s.totalText) }

        ws.columns = [ColumnFormat(first: 0, width: 50), ColumnFormat(first: 1, width: 9), ColumnFormat(first: 2, width: 11),
                      ColumnFormat(first: 3, last: 7, width: 9), ColumnFormat(first: 8, width: 24)]
        ws.freeze = CellAddress(row: 4, column: 1)
        ws.page.landscape = true
        ws.page.repeatRows = 2...3
        return ws
    }
}
