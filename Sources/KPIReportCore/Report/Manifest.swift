/// `manifest.json` of a round folder: every file in the folder with its SHA-256, the run that wrote
/// each (tool version, options, inputs with their digests), every unit's headline figures, the
/// department's, and the warnings. A `--division` run replaces its units' entries and keeps the others.
public struct Manifest: Codable, Sendable, Equatable, JSONText.KeysInOrder {
    /// One file of the folder.
    public struct File: Codable, Sendable, Equatable {
        /// Name inside the folder.
        public var path: String
        /// SHA-256 of its bytes, hex.
        public var sha256: String
        /// Size in bytes.
        public var bytes: Int
        /// The run that wrote it (`Run.id`).
        public var run: Int

        /// Creates an entry.
        public init(path: String, sha256: String, bytes: Int, run: Int) {
            self.path = path
            self.sha256 = sha256
            self.bytes = bytes
            self.run = run
        }
    }

    /// An input file a run read.
    public struct Input: Codable, Sendable, Equatable {
        /// Path relative to the inputs folder.
        public var path: String
        public var sha256: String

        /// Creates an entry.
        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    /// A run that wrote files of the folder.
    public struct Run: Codable, Sendable, Equatable, JSONText.KeysInOrder {
        // In key order: a ministry's run lists tens of thousands of inputs, whose text is then never moved.
        public var id: Int
        public var inputs: [Input]
        /// The options that change what is written (not --jobs, --quiet, --wait, --shard).
        public var options: [String]
        public var version: String

        /// Creates an entry.
        public init(id: Int, version: String, options: [String], inputs: [Input]) {
            self.id = id
            self.version = version
            self.options = options
            self.inputs = inputs
        }
    }

    /// (A), (B), (C) of an annex or section.
    public struct Annex: Codable, Sendable, Equatable {
        public var title: String
        public var count: Int
        public var A: Double
        public var B: Double
        public var C: Double
        public var sections: [Annex]?

        init(_ figures: UnitFigures.Annex, top: Bool) {
            title = figures.title
            count = figures.count
            A = figures.actual
            B = figures.full
            C = figures.percent
            sections = top ? figures.sections.map { Annex($0, top: false) } : nil
        }
    }

    /// A unit's figures.
    public struct Unit: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var kind: String
        /// Its workbook in the folder.
        public var file: String
        /// The total of the reported round (agreement units).
        public var total: Double?
        /// Totals of every round sheet, by round code.
        public var totals: [String: Double]
        public var annexes: [Annex]
        public var missing_results: Int
        /// The run that wrote the figures.
        public var run: Int

        /// The entry of a unit's figures.
        public init(_ figures: UnitFigures, file: String, round: Round, run: Int) {
            id = figures.division.id.value
            name = figures.division.name
            kind = figures.kind.rawValue
            self.file = file
            total = figures.totals.first { $0.round == round }?.total
            totals = Dictionary(uniqueKeysWithValues: figures.totals.map { ($0.round.code, $0.total) })
            annexes = figures.annexes.map { Annex($0, top: true) }
            missing_results = figures.missingResults
            self.run = run
        }
    }

    /// Every unit's entry. Made from the run's figures, an entry exists only while it is written (a
    /// ministry's twenty thousand entries would otherwise be a second copy of the figures); read from a
    /// file, they are kept.
    public struct Units: Codable, Sendable, Equatable, RandomAccessCollection {
        private enum Storage: Sendable {
            case entries([Unit])
            case figures([UnitFigures], round: Round, run: Int)
        }

        private let storage: Storage

        /// Entries as they are.
        public init(_ entries: [Unit]) { storage = .entries(entries) }

        /// The entries of the units' figures, each unit's workbook `<id>.xlsx`.
        public init(figures: [UnitFigures], round: Round, run: Int) { storage = .figures(figures, round: round, run: run) }

        public var startIndex: Int { 0 }
        public var endIndex: Int {
            switch storage {
            case .entries(let entries): return entries.count
            case .figures(let figures, _, _): return figures.count
            }
        }

        public subscript(position: Int) -> Unit {
            switch storage {
            case .entries(let entries): return entries[position]
            case .figures(let figures, let round, let run):
                let unit = figures[position]
                return Unit(unit, file: unit.division.id.value + ".xlsx", round: round, run: run)
            }
        }

        public init(from decoder: any Decoder) throws { storage = .entries(try [Unit](from: decoder)) }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            for unit in self { try container.encode(unit) }
        }

        public static func == (a: Units, b: Units) -> Bool { a.elementsEqual(b) }
    }

    /// The department's figures.
    public struct Department: Codable, Sendable, Equatable {
        public struct Projects: Codable, Sendable, Equatable {
            public var count: Int
            public var counts: [String: Int]
            public var success: Double
            public var budget: Double
            public var disbursed: Double
        }

        public struct Monitoring: Codable, Sendable, Equatable {
            public var round: String
            public var annexes: [String: Double]
            public var projects_success: Double?
        }

        public var name: String
        public var file: String
        public var annexes: [Annex]
        public var projects: Projects?
        public var monitoring: [Monitoring]
        public var run: Int

        /// The entry of the department's figures.
        public init(name: String, file: String, figures: DepartmentFigures, run: Int) {
            self.name = name
            self.file = file
            annexes = figures.annexes.map { Annex($0, top: true) }
            projects = figures.projects.map { p in
                Projects(count: p.count, counts: Dictionary(uniqueKeysWithValues: zip(Project.progressLevels.map(String.init), p.countsByLevel)),
                         success: p.success, budget: p.budget, disbursed: p.disbursed)
            }
            monitoring = figures.monitoring.map { m in
                Monitoring(round: m.round.code,
                           annexes: Dictionary(m.annexes.compactMap { a in a.percent.map { (a.title, $0) } }, uniquingKeysWith: { a, _ in a }),
                           projects_success: m.projectsSuccess)
            }
            self.run = run
        }
    }

    // In key order, as manifest.json lists them: written in this order, the file's text is never moved.
    public var department: Department?
    public var files: [File]
    public var fiscal_year: Int
    public var round: String
    public var rounds: [String]
    public var runs: [Run]
    public var tool = "kpi-report"
    public var units: Units
    public var version: String
    public var warnings: [String]

    /// Creates a manifest.
    public init(version: String, fiscalYear: Int, round: Round, rounds: [Round], runs: [Run], files: [File], units: Units,
                department: Department?, warnings: [String]) {
        self.version = version
        fiscal_year = fiscalYear
        self.round = round.code
        self.rounds = rounds.map(\.code)
        self.runs = runs
        self.files = files
        self.units = units
        self.department = department
        self.warnings = warnings
    }

    /// This run's manifest merged into the folder's previous one (a `--division` run): entries of files
    /// and units this run did not write are kept, with the runs they name; this run gets the next id.
    public func merged(into previous: Manifest) -> Manifest {
        let mine = Set(files.map(\.path))
        let myUnits = Set(units.map(\.id))
        let nextID = (previous.runs.map(\.id).max() ?? 0) + 1
        func renumber(_ id: Int) -> Int { id == runs.first?.id ? nextID : id }
        var out = self
        out.files = (previous.files.filter { !mine.contains($0.path) } + files.map { f in
            var f = f
            f.run = renumber(f.run)
            return f
        }).sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        let order = previous.units.map(\.id)
        var units = previous.units.filter { !myUnits.contains($0.id) } + self.units.map { u in
            var u = u
            u.run = renumber(u.run)
            return u
        }
        units.sort { (order.firstIndex(of: $0.id) ?? Int.max, $0.id) < (order.firstIndex(of: $1.id) ?? Int.max, $1.id) }
        out.units = Units(units)
        out.department = department ?? previous.department
        let used = Set(out.files.map(\.run) + out.units.map(\.run) + (out.department.map { [$0.run] } ?? []))
        out.runs = previous.runs.filter { used.contains($0.id) } + runs.map { r in
            var r = r
            r.id = nextID
            return r
        }
        out.rounds = Array(Set(previous.rounds + rounds)).sorted { (Round(code: $0) ?? Round.all[0]) < (Round(code: $1) ?? Round.all[0]) }
        return out
    }
}
