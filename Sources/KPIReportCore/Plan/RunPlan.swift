/// One slice of a sharded run: `--shard K/N` builds the units whose position in the year's list is K
/// modulo N, so N processes on N nodes build a ministry between them, and a `--merge` step writes the
/// department workbook and the manifest.
public struct Shard: Hashable, Sendable, CustomStringConvertible {
    /// 0-based slice.
    public let index: Int
    /// Number of slices.
    public let count: Int

    /// Reads `K/N` (0 ≤ K < N); nil when it is not one.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 0, k < n else { return nil }
        index = k
        count = n
    }

    public var description: String { "\(index)/\(count)" }

    /// True when the unit at `position` belongs to this slice.
    public func contains(_ position: Int) -> Bool { position % count == index }
}

/// What a run writes, decided from the validated inputs and the options: for each fiscal year, the
/// units whose workbooks to build, and whether to write the department workbook and a whole manifest.
public struct RunPlan: Sendable {
    /// What kind of run it is.
    public enum Mode: Sendable, Equatable {
        /// Every unit, the department workbook and the manifest.
        case whole
        /// Only the units named by `--division`; the folder's other files and manifest entries are kept.
        case divisions
        /// One slice of the units, written into the run's shared staging folder.
        case shard(Shard)
        /// The department workbook and the manifest, over the shards' units.
        case merge
    }

    /// One fiscal year's work.
    public struct Job: Sendable {
        /// The year.
        public let year: YearCatalog
        /// Units whose workbooks this run builds.
        public let units: [UnitEntry]
        /// True when this run writes department.xlsx.
        public let department: Bool
    }

    /// The kind of run.
    public let mode: Mode
    /// The work, year by year.
    public let jobs: [Job]

    /// Plans a run; an unknown `--division` is an error.
    public static func make(_ catalog: Catalog, divisions: [String], mode: Mode) -> (RunPlan?, [Finding]) {
        var findings: [Finding] = []
        let known = Set(catalog.years.flatMap { $0.units.map(\.division.id.value) })
        for id in divisions where !known.contains(id) {
            findings.append(Finding(.error, at: nil, "--division \(id): no unit with that id has rules\(catalog.years.count == 1 ? " in fiscal year \(catalog.years[0].year)" : "")"))
        }
        guard findings.isEmpty else { return (nil, findings) }
        let jobs = catalog.years.map { year -> Job in
            switch mode {
            case .whole:
                return Job(year: year, units: year.units, department: true)
            case .divisions:
                return Job(year: year, units: year.units.filter { divisions.contains($0.division.id.value) }, department: false)
            case .shard(let shard):
                return Job(year: year, units: year.units.enumerated().filter { shard.contains($0.offset) }.map(\.element), department: false)
            case .merge:
                return Job(year: year, units: [], department: true)
            }
        }
        return (RunPlan(mode: mode, jobs: jobs), [])
    }
}
