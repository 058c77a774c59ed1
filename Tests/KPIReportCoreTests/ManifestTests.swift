import Foundation
import Testing
@testable import KPIReportCore

/// manifest.json's unit entries: made from the run's figures as they are written, or read from a file.
@Suite struct ManifestTests {
    static let figures: [UnitFigures] = [
        UnitFigures(division: Division(id: DivisionID("SEC"), name: "สำนักงานเลขานุการกรม"), kind: .agreement,
                    totals: [(Round(code: "R6")!, 4.3889), (Round(code: "R12")!, 4.5842)],
                    annexes: [UnitFigures.Annex(title: "", count: 2, actual: 8.5, full: 10, percent: 85,
                                                sections: [UnitFigures.Annex(title: "มิติภายนอก", count: 1, actual: 4, full: 5, percent: 80, sections: [])])],
                    missingResults: 1),
        UnitFigures(division: Division(id: DivisionID("LED"), name: "กรมบังคับคดี", isDepartment: true), kind: .annexOnly,
                    totals: [], annexes: [], missingResults: 0),
    ]

    @Test("entries made from the figures as they are written are the entries made beforehand, byte for byte, and read back equal")
    func unitsFromFigures() throws {
        let round = Round(code: "R12")!
        let lazy = Manifest.Units(figures: ManifestTests.figures, round: round, run: 1)
        let made = Manifest.Units(ManifestTests.figures.map { Manifest.Unit($0, file: $0.division.id.value + ".xlsx", round: round, run: 1) })
        #expect(lazy.count == 2 && lazy[0].file == "SEC.xlsx" && lazy[0].total == 4.5842 && lazy[1].kind == "annexOnly")
        #expect(lazy == made)
        #expect(try JSONText.encode(lazy) == JSONText.encode(made))
        let manifest = Manifest(version: "0.2.0", fiscalYear: 2564, round: round, rounds: [Round(code: "R6")!, round], runs: [],
                                files: [], units: lazy, department: nil, warnings: [])
        var streamed: [UInt8] = []
        try JSONText.write(manifest, to: { streamed += $0 })
        #expect(streamed == (try JSONText.encode(manifest)))
        let read = try JSONDecoder().decode(Manifest.self, from: Data(streamed))
        #expect(read == manifest)
        #expect(read.units.map(\.id) == ["SEC", "LED"])
    }
}
