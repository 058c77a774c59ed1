/// One annex table of a unit (seed 003): the indicators whose `annex` column names it, in sections
/// by their `group` path. The first level of the path gets (A)/(B)/(C) subtotal rows; deeper levels
/// are heading rows only; then one overall row.
struct AnnexTable {
    /// The `annex` title; empty for a unit's one annex without a title.
    let title: String
    /// Every indicator of the table, in order.
    let indicators: [IndicatorID]
    /// The content.
    let entries: [AnnexEntry]

    /// A unit's annex tables, in order of first appearance (by indicator number), each with the
    /// indicators `round` assesses.
    static func tables(of unit: UnitInputs, round: Round) -> [AnnexTable] {
        var titles: [String] = []
        var members: [String: [(IndicatorID, [String])]] = [:]
        for id in unit.ids {
            guard let rule = unit.rule(id, in: round), let first = unit.first(id) else { continue }
            _ = rule
            if members[first.annex] == nil { titles.append(first.annex) }
            members[first.annex, default: []].append((id, first.group))
        }
        return titles.map { title in
            let list = members[title] ?? []
            return AnnexTable(title: title, indicators: list.map(\.0), entries: entries(list, depth: 0))
        }
    }

    /// Sections at `depth` of the path, in order of first appearance; indicators whose path ends before
    /// `depth` stand directly in the list.
    private static func entries(_ list: [(IndicatorID, [String])], depth: Int) -> [AnnexEntry] {
        // One pass: each indicator stands in the list or joins its section's members, and a section takes
        // the place of its first member. A unit has few sections: they are found by comparing, not hashing.
        enum Place {
            case indicator(IndicatorID)
            case section(Int)
        }
        var places: [Place] = []
        var headings: [String] = []
        var members: [[(IndicatorID, [String])]] = []
        for (id, path) in list {
            guard path.count > depth else {
                places.append(.indicator(id))
                continue
            }
            let heading = path[depth]
            if let k = headings.firstIndex(where: { $0 == heading }) {
                members[k].append((id, path))
            } else {
                places.append(.section(headings.count))
                headings.append(heading)
                members.append([(id, path)])
            }
        }
        return places.map { place in
            switch place {
            case .indicator(let id): return .indicator(id)
            case .section(let k): return .group(title: headings[k], depth: depth, entries: entries(members[k], depth: depth + 1))
            }
        }
    }
}

/// An item of an annex: an indicator, or a section with its own items.
indirect enum AnnexEntry {
    case indicator(IndicatorID)
    case group(title: String, depth: Int, entries: [AnnexEntry])
}
