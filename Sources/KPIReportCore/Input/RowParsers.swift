/// The one reading of each kind of row: used by validation (which keeps only what cross-checks need)
/// and again by loading a unit (which keeps everything), so both see the same values.
enum RowParsers {
    // MARK: Shared

    /// A trimmed text field.
    static func text(_ r: InputRecord, _ b: HeaderBinding, _ c: Column) -> String {
        b.field(r, c).trimmingASCIIAndThaiSpaces()
    }

    /// A number field; an unreadable value is recorded at its cell and clears `ok`.
    static func number(_ r: InputRecord, _ b: HeaderBinding, _ c: Column, _ ok: inout Bool, _ findings: inout Findings) -> Double? {
        do throws(ValueParser.Invalid) {
            return try ValueParser.number(b.field(r, c))
        } catch {
            findings.error(b.location(r, c), "\(c.rawValue): \(error.message)")
            ok = false
            return nil
        }
    }

    /// A date field.
    static func date(_ r: InputRecord, _ b: HeaderBinding, _ c: Column, _ ok: inout Bool, _ findings: inout Findings) -> CivilDate? {
        do throws(ValueParser.Invalid) {
            return try ValueParser.date(b.field(r, c))
        } catch {
            findings.error(b.location(r, c), "\(c.rawValue): \(error.message)")
            ok = false
            return nil
        }
    }

    /// The unit a rules or results row belongs to (checked against divisions.csv later).
    static func division(_ r: InputRecord, _ b: HeaderBinding, _ ok: inout Bool, _ findings: inout Findings) -> String {
        let division = text(r, b, .divisionID)
        if division.isEmpty { findings.error(b.location(r, .divisionID), "division_id is empty"); ok = false }
        return division
    }

    /// The `year` field: nil when the file has no year column.
    static func year(_ r: InputRecord, _ b: HeaderBinding, _ ok: inout Bool, _ findings: inout Findings) -> Int? {
        guard b.has(.year) else { return nil }
        let raw = b.field(r, .year)
        if ValueParser.isEmpty(raw) {
            findings.error(b.location(r, .year), "year is empty: give the fiscal year (e.g. 2566) on every row, or remove the year column")
            ok = false
            return nil
        }
        guard let y = number(r, b, .year, &ok, &findings) else { return nil }
        guard y == y.rounded(), (2400...2700).contains(y) else {
            findings.error(b.location(r, .year), "year \(NumberText.plain(y)) is not a Buddhist-Era fiscal year such as 2566")
            ok = false
            return nil
        }
        return Int(y)
    }

    /// A round field.
    static func round(_ r: InputRecord, _ b: HeaderBinding, _ ok: inout Bool, _ findings: inout Findings) -> Round? {
        let raw = text(r, b, .round)
        if raw.isEmpty {
            findings.error(b.location(r, .round), "round is empty (R6, R12, Q1…Q4, M01…M12)")
            ok = false
            return nil
        }
        guard let round = Round(code: raw) else {
            findings.error(b.location(r, .round), "unknown round \"\(TextCell.shown(raw))\" (R6, R12, Q1…Q4, M01…M12)")
            ok = false
            return nil
        }
        return round
    }

    // MARK: divisions.csv

    /// A row of divisions.csv.
    struct DivisionRow {
        let id: String
        let name: String
        let shortName: String
    }

    static func division(_ r: InputRecord, _ b: HeaderBinding, _ findings: inout Findings) -> DivisionRow? {
        var ok = true
        let id = text(r, b, .divisionID)
        if let problem = DivisionID.problem(id) {
            findings.error(b.location(r, .divisionID), problem)
            ok = false
        }
        let name = text(r, b, .name)
        if name.isEmpty {
            findings.error(b.location(r, .name), "unit \(TextCell.shown(id)) has no name")
            ok = false
        }
        return ok ? DivisionRow(id: id, name: name, shortName: text(r, b, .shortName)) : nil
    }

    // MARK: indicators.csv

    /// A row of the rules table.
    struct IndicatorRow {
        let year: Int?
        let division: String
        let indicator: Indicator
    }

    static func indicator(_ r: InputRecord, _ b: HeaderBinding, _ findings: inout Findings) -> IndicatorRow? {
        var ok = true
        let year = year(r, b, &ok, &findings)
        let division = division(r, b, &ok, &findings)
        let id = IndicatorID(b.field(r, .indicatorID))
        if id.value.isEmpty { findings.error(b.location(r, .indicatorID), "indicator_id is empty"); ok = false }
        let name = text(r, b, .name)
        if name.isEmpty { findings.error(b.location(r, .name), "indicator \(id) has no name"); ok = false }

        let written = text(r, b, .method)
        let method = ScoringRule.Method(rawValue: written) // as the rules table nearly always has it
            ?? ScoringRule.Method(rawValue: written.lowercased().replacingAll("-", with: "_"))
        if method == nil {
            let methodText = written.lowercased()
            findings.error(b.location(r, .method), methodText.isEmpty ? "method is empty (threshold, target_ratio or level)"
                : "unknown method \"\(TextCell.shown(methodText))\" (threshold, target_ratio or level)")
            ok = false
        }
        let directionText = text(r, b, .direction)
        let direction = directionText.isEmpty ? Direction.higher : Direction(text: directionText)
        if direction == nil {
            findings.error(b.location(r, .direction), "direction \"\(TextCell.shown(directionText))\" is neither higher nor lower")
            ok = false
        }
        let weight = number(r, b, .weight, &ok, &findings)
        if let weight, weight < 0 { findings.error(b.location(r, .weight), "weight \(NumberText.plain(weight)) is negative"); ok = false }
        let target = number(r, b, .target, &ok, &findings)
        let latePenalty = number(r, b, .latePenalty, &ok, &findings) ?? 0
        if latePenalty < 0 { findings.error(b.location(r, .latePenalty), "late_penalty is negative"); ok = false }
        let criteriaCells = Column.criteria.map { number(r, b, $0, &ok, &findings) }

        var rule: ScoringRule?
        if let method, let direction {
            switch method {
            case .threshold:
                if let missing = criteriaCells.firstIndex(where: { $0 == nil }) {
                    if ok {
                        let column = Column.criteria[missing]
                        findings.error(b.has(column) ? b.location(r, column) : b.location(r),
                                       "threshold indicator \(id) needs five criteria t1…t5; \(column.rawValue) is empty")
                    }
                    ok = false
                } else {
                    let values = criteriaCells.map { $0! } // none is nil here
                    switch Criteria.make(values, direction) {
                    case .success(let criteria): rule = .threshold(criteria, direction)
                    case .failure(let bad):
                        let shown = values.map(NumberText.plain).joined(separator: " ")
                        findings.error(b.location(r, Column.criteria[bad.index]),
                                       "criteria of \(id) are not strictly \(direction == .lower ? "decreasing (direction lower)" : "increasing"): \(shown); t\(bad.index + 1) = \(NumberText.plain(values[bad.index])) after t\(bad.index) = \(NumberText.plain(values[bad.index - 1]))")
                        ok = false
                    }
                }
            case .targetRatio:
                if let target {
                    if direction == .higher && target <= 0 {
                        findings.error(b.location(r, .target), "target of \(id) is \(NumberText.plain(target)); a ratio to it cannot be taken"); ok = false
                    } else if direction == .lower && !(target < 100) {
                        findings.error(b.location(r, .target), "target of \(id) is \(NumberText.plain(target)); a lower-is-better percentage target must be below 100"); ok = false
                    } else {
                        rule = .targetRatio(target: target, direction)
                    }
                } else if ok {
                    findings.error(b.has(.target) ? b.location(r, .target) : b.location(r), "target_ratio indicator \(id) needs a target")
                    ok = false
                }
            case .level:
                rule = .level
            }
        }

        var rounds: RoundSet?
        let roundsText = text(r, b, .rounds)
        if !roundsText.isEmpty {
            var set = RoundSet()
            // In ASCII every character is one byte, and splitting the bytes is splitting the characters.
            let codes = roundsText.utf8.allSatisfy { $0 < 0x80 }
                ? RowParsers.pieces(roundsText, at: { $0 == 0x3B || $0 == 0x2C || $0 == 0x20 })
                : roundsText.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == " " }).map(String.init)
            for code in codes {
                if let round = Round(code: code) { set.insert(round) } else {
                    findings.error(b.location(r, .rounds), "unknown round \"\(TextCell.shown(code))\" in rounds (R6, R12, Q1…Q4, M01…M12, separated by ;)")
                    ok = false
                }
            }
            rounds = set
        }
        let moves = self.moves(text(r, b, .redistributeTo), weight: weight, at: b.location(r, .redistributeTo), id: id, &ok, &findings)
        // Split at each ">" byte (the scalar ">", never part of another character's bytes): reading the
        // Thai text character by character would cost more than the rest of the row.
        let group = RowParsers.pieces(text(r, b, .group), at: { $0 == 0x3E })
            .map { $0.trimmingASCIIAndThaiSpaces() }.filter { !$0.isEmpty }
        guard ok, let rule else { return nil }
        return IndicatorRow(year: year, division: division, indicator: Indicator(
            id: id, name: name, unit: text(r, b, .unit), weight: weight, rule: rule, target: target, rounds: rounds,
            group: group, annex: text(r, b, .annex), moves: moves, latePenalty: latePenalty, note: text(r, b, .note),
            location: b.location(r)))
    }

    /// The non-empty pieces of `text` between the bytes `isSeparator` picks (ASCII bytes, which no other
    /// character's UTF-8 contains), read where the bytes lie.
    static func pieces(_ text: String, at isSeparator: (UInt8) -> Bool) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var out: [String] = []
            out.reserveCapacity(4) // a group path or a rounds list: a few pieces
            var start = 0
            for i in 0...bytes.count where i == bytes.count || isSeparator(bytes[i]) {
                if i > start { out.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)) }
                start = i + 1
            }
            return out
        }
    }

    /// `redistribute_to`: `6.1` (all of the weight) or `2.2:5;2.3:5` (parts that add up to the weight).
    static func moves(_ text: String, weight: Double?, at location: SourceLocation, id: IndicatorID,
                      _ ok: inout Bool, _ findings: inout Findings) -> [WeightMove] {
        guard !text.isEmpty else { return [] }
        var moves: [WeightMove] = []
        for part in text.split(separator: ";").map({ String($0).trimmingASCIIAndThaiSpaces() }) where !part.isEmpty {
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            let target = IndicatorID(String(pieces[0]))
            guard !target.value.isEmpty, pieces.count <= 2 else {
                findings.error(location, "redistribute_to \"\(TextCell.shown(text))\" is not of the form 6.1 or 2.2:5;2.3:5")
                ok = false
                return []
            }
            if target == id {
                findings.error(location, "indicator \(id) cannot move its weight to itself")
                ok = false
            }
            var amount: Double?
            if pieces.count == 2 {
                do throws(ValueParser.Invalid) {
                    amount = try ValueParser.number(String(pieces[1]))
                } catch {
                    findings.error(location, "redistribute_to: \(error.message)")
                    ok = false
                }
                if amount == nil || (amount ?? 0) <= 0 {
                    findings.error(location, "redistribute_to \"\(TextCell.shown(part))\" gives no positive weight to move")
                    ok = false
                }
            }
            if moves.contains(where: { $0.target == target }) {
                findings.error(location, "redistribute_to names \(target) twice")
                ok = false
            }
            moves.append(WeightMove(target: target, amount: amount))
        }
        let parts = moves.compactMap(\.amount)
        if moves.count > 1 && parts.count != moves.count {
            findings.error(location, "redistribute_to splits the weight: give every part its amount (2.2:5;2.3:5)")
            ok = false
        } else if !parts.isEmpty, let weight, abs(parts.reduce(0, +) - weight) > 1e-9 {
            findings.error(location, "redistribute_to moves \(NumberText.plain(parts.reduce(0, +))) but indicator \(id) weighs \(NumberText.plain(weight))")
            ok = false
        }
        return moves
    }

    // MARK: results

    /// A row of the results as read, before its indicator's method says which field counts.
    struct ResultRow {
        let year: Int?
        let division: String
        let round: Round
        let indicator: IndicatorID
        let result: Double?
        let numerator: Double?
        let denominator: Double?
        let level: Double?
        let dueOn: CivilDate?
        let reportedOn: CivilDate?
        let note: String
        let location: SourceLocation
    }

    static func result(_ r: InputRecord, _ b: HeaderBinding, _ findings: inout Findings) -> ResultRow? {
        var ok = true
        let year = year(r, b, &ok, &findings)
        let division = division(r, b, &ok, &findings)
        let round = round(r, b, &ok, &findings)
        let id = IndicatorID(b.field(r, .indicatorID))
        if id.value.isEmpty { findings.error(b.location(r, .indicatorID), "indicator_id is empty"); ok = false }
        let value = number(r, b, .result, &ok, &findings)
        let numerator = number(r, b, .numerator, &ok, &findings)
        let denominator = number(r, b, .denominator, &ok, &findings)
        let level = number(r, b, .level, &ok, &findings)
        if (numerator == nil) != (denominator == nil) {
            findings.error(b.location(r, numerator == nil ? .numerator : .denominator), "give both numerator and denominator, or neither")
            ok = false
        }
        if denominator == 0 { findings.error(b.location(r, .denominator), "denominator is 0"); ok = false }
        if let level, !(0...5).contains(level) {
            findings.error(b.location(r, .level), "level \(NumberText.plain(level)) is outside 0–5"); ok = false
        }
        if value != nil && numerator != nil {
            findings.error(b.location(r, .result), "give result or numerator/denominator, not both"); ok = false
        }
        let due = date(r, b, .dueOn, &ok, &findings)
        let reported = date(r, b, .reportedOn, &ok, &findings)
        guard ok, let round else { return nil }
        return ResultRow(year: year, division: division, round: round, indicator: id, result: value, numerator: numerator,
                         denominator: denominator, level: level, dueOn: due, reportedOn: reported, note: text(r, b, .note),
                         location: b.location(r))
    }

    /// The measure of a result for an indicator scored by `method`, or why the row cannot give one.
    static func measure(_ row: ResultRow, method: ScoringRule.Method) -> Result<Measure, MeasureProblem> {
        switch method {
        case .level:
            if let level = row.level { return .success(.level(level)) }
            return .failure(row.result != nil || row.numerator != nil ? .levelGivenAsResult : .missing)
        case .threshold, .targetRatio:
            if let value = row.result { return .success(.value(value)) }
            if let n = row.numerator, let d = row.denominator { return .success(.fraction(numerator: n, denominator: d)) }
            return .failure(row.level != nil ? .resultGivenAsLevel : .missing)
        }
    }

    /// Why a result row has no usable measure.
    enum MeasureProblem: Error {
        case missing, levelGivenAsResult, resultGivenAsLevel
    }

    // MARK: projects.csv

    /// A row of projects.csv (a project with several indicators has one row per indicator).
    struct ProjectRow {
        let year: Int?
        let id: String
        let plan: String
        let name: String
        let responsible: String
        let line: Project.Line?
        let budget: Double?
        let disbursed: Double?
        let round: Round?
        let progress: Int?
        let location: SourceLocation
    }

    static func project(_ r: InputRecord, _ b: HeaderBinding, _ findings: inout Findings) -> ProjectRow? {
        var ok = true
        let year = year(r, b, &ok, &findings)
        let id = ThaiDigits.toASCII(text(r, b, .projectID))
        if id.isEmpty { findings.error(b.location(r, .projectID), "project_id is empty"); ok = false }
        var round: Round?
        if !text(r, b, .round).isEmpty { round = self.round(r, b, &ok, &findings) }
        func money(_ c: Column) -> Double? {
            let raw = text(r, b, c)
            if raw == ThaiLabels.noBudget || raw == "ไม่ใช่งบประมาณ" { return nil }
            let x = number(r, b, c, &ok, &findings)
            if let x, x < 0 { findings.error(b.location(r, c), "\(c.rawValue) is negative"); ok = false }
            return x
        }
        let budget = money(.budget), disbursed = money(.disbursed)
        var progress: Int?
        if let p = number(r, b, .progress, &ok, &findings) {
            if let level = Project.progressLevels.first(where: { Double($0) == p }) { progress = level } else {
                findings.error(b.location(r, .progress), "progress \(NumberText.plain(p)) is not one of 0, 25, 50, 75, 100")
                ok = false
            }
        }
        let indicatorText = text(r, b, .indicator)
        let targetText = text(r, b, .target)
        var target = Project.TargetValue.none
        if !targetText.isEmpty {
            if let x = try? ValueParser.number(targetText) { target = .number(x) } else { target = .text(targetText) }
        }
        guard ok else { return nil }
        let line = indicatorText.isEmpty && targetText.isEmpty ? nil : Project.Line(text: indicatorText, target: target)
        return ProjectRow(year: year, id: id, plan: text(r, b, .plan), name: text(r, b, .name), responsible: text(r, b, .division),
                          line: line, budget: budget, disbursed: disbursed, round: round, progress: progress, location: b.location(r))
    }
}

/// Numbers written inside messages and Thai sentences: `5`, `2.5`, no trailing zeros.
enum NumberText {
    static func plain(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return NumberFormat.general(x)
    }
}
