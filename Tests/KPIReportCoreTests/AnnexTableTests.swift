import Testing
@testable import KPIReportCore

/// An annex's sections (seed 003): indicators grouped by their `group` path, each section where its
/// first member is, sections and ungrouped indicators in order of first appearance.
@Suite struct AnnexTableTests {
    static func indicator(_ id: String, group: [String], annex: String = "") -> Indicator {
        Indicator(id: IndicatorID(id), name: "ตัวชี้วัด \(id)", weight: nil, rule: .level, group: group, annex: annex,
                  location: SourceLocation(file: "indicators.csv", line: 2))
    }

    static func describe(_ entries: [AnnexEntry]) -> String {
        entries.map { entry in
            switch entry {
            case .indicator(let id): return id.value
            case .group(let title, let depth, let inner): return "\(title)@\(depth)[\(describe(inner))]"
            }
        }.joined(separator: " ")
    }

    @Test("sections in order of first appearance, members gathered from anywhere in the list, depth by depth")
    func sections() throws {
        let round = try #require(Round(code: "R12"))
        let indicators = [
            Self.indicator("1.1", group: ["มิติ ก", "ด้าน x"]),
            Self.indicator("1.2", group: ["มิติ ข"]),
            Self.indicator("1.3", group: []),
            Self.indicator("1.4", group: ["มิติ ก", "ด้าน y"]),
            Self.indicator("1.5", group: ["มิติ ก", "ด้าน x"], annex: "ภาคผนวก ข"),
            Self.indicator("1.6", group: ["มิติ ข", "ด้าน z"]),
            Self.indicator("1.7", group: ["มิติ ก", "ด้าน x"]),
            Self.indicator("2.1", group: ["มิติ ก"], annex: "ภาคผนวก ข"),
        ]
        let unit = UnitInputs(division: Division(id: DivisionID("U1"), name: "สำนักงาน"), fiscalYear: 2567, round: round,
                              rounds: [round], kind: .annexOnly, indicators: indicators, results: [:], plans: [:])
        let tables = AnnexTable.tables(of: unit, round: round)
        #expect(tables.map(\.title) == ["", "ภาคผนวก ข"])
        #expect(Self.describe(tables[0].entries)
            == "มิติ ก@0[ด้าน x@1[1.1 1.7] ด้าน y@1[1.4]] มิติ ข@0[1.2 ด้าน z@1[1.6]] 1.3")
        #expect(Self.describe(tables[1].entries) == "มิติ ก@0[ด้าน x@1[1.5] 2.1]")
        #expect(tables[0].indicators.map(\.value) == ["1.1", "1.2", "1.3", "1.4", "1.6", "1.7"])
    }
}
