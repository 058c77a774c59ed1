import FoundationEssentials
import KPIReportCore
import KPIReportIO

/// `manifest.json` as bytes: keys sorted, two-space indents, one trailing newline, so the same run
/// gives the same bytes.
enum ManifestFile {
    static func encode(_ manifest: Manifest) throws -> [UInt8] {
        try JSONText.encode(manifest)
    }

    /// Writes it into a staging folder a megabyte at a time (a ministry's manifest runs to tens of megabytes).
    static func write(_ manifest: Manifest, into staging: RoundStaging) throws {
        try staging.write("manifest.json") { sink in try JSONText.write(manifest, to: sink) }
    }

    static func decode(_ bytes: [UInt8]) throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(bytes))
    }
}

/// What one shard of a sharded run leaves in the shared staging folder for the `--merge` step: its
/// units' figures and files.
struct ShardFragment: Codable {
    let shard: Int
    let of: Int
    let units: [Manifest.Unit]
    let files: [Manifest.File]

    static func name(_ shard: Shard) -> String { ".shard-\(shard.index)-of-\(shard.count).json" }

    static func encode(_ fragment: ShardFragment) throws -> [UInt8] {
        try JSONText.encode(fragment)
    }

    /// Every shard's fragment of a staging folder, checked complete: every unit of the year exactly once.
    static func collect(_ staging: RoundStaging, units: [UnitEntry]) throws -> (units: [UnitFigures], files: [Manifest.File], names: [String]) {
        let names = try staging.files().filter { $0.hasPrefix(".shard-") && $0.hasSuffix(".json") }
        var fragments: [ShardFragment] = []
        for name in names {
            guard let bytes = staging.stagedFile(name) else { continue }
            fragments.append(try JSONDecoder().decode(ShardFragment.self, from: Data(bytes)))
        }
        guard let count = fragments.first?.of else {
            throw MergeFailure(message: "no shard has written into \(staging.path): run the shards (--shard K/N) first, with the same inputs and options")
        }
        let present = Set(fragments.map(\.shard))
        let missing = (0..<count).filter { !present.contains($0) }
        guard missing.isEmpty, fragments.allSatisfy({ $0.of == count }) else {
            throw MergeFailure(message: "shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) of this run \(missing.count == 1 ? "has" : "have") not finished")
        }
        var byID: [String: (Manifest.Unit, Manifest.File?)] = [:]
        for fragment in fragments {
            for unit in fragment.units { byID[unit.id] = (unit, fragment.files.first { $0.path == unit.file }) }
        }
        var figures: [UnitFigures] = []
        var files: [Manifest.File] = []
        for entry in units {
            guard let (unit, file) = byID[entry.division.id.value], let file else {
                throw MergeFailure(message: "no shard built \(entry.division.id.value)")
            }
            figures.append(UnitFigures(manifest: unit, division: entry.division))
            files.append(file)
        }
        return (figures, files, names)
    }

    struct MergeFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

extension UnitFigures {
    /// A unit's figures as a shard recorded them.
    init(manifest unit: Manifest.Unit, division: Division) {
        func annex(_ a: Manifest.Annex) -> UnitFigures.Annex {
            UnitFigures.Annex(title: a.title, count: a.count, actual: a.A, full: a.B, percent: a.C, sections: (a.sections ?? []).map(annex))
        }
        self.init(division: division, kind: UnitKind(rawValue: unit.kind) ?? .agreement,
                  totals: unit.totals.compactMap { code, total in Round(code: code).map { ($0, total) } }.sorted { $0.0 < $1.0 },
                  annexes: unit.annexes.map(annex), missingResults: unit.missing_results)
    }
}
