/// The projects table's totals (seed 003): projects per progress level, Σ progress, success % =
/// Σ progress × 100 / (100 × projects), budget and disbursement sums.
public struct ProjectSummary: Hashable, Sendable {
    /// The projects, in file order.
    public let projects: [Project]
    /// The round they were assessed in (nil when the projects carry no round).
    public let round: Round?

    /// Number of projects.
    public var count: Int { projects.count }
    /// Projects per progress level 0, 25, 50, 75, 100.
    public var countsByLevel: [Int] { Project.progressLevels.map { level in projects.filter { $0.progress == level }.count } }
    /// Σ of the progress levels (the seed's "รวมค่าคะแนน").
    public var scoreSum: Int { projects.reduce(0) { $0 + $1.progress } }
    /// Σ progress per level column (level × count).
    public var scoreByLevel: [Int] { zip(Project.progressLevels, countsByLevel).map { $0 * $1 } }
    /// Success %: Σ progress × 100 / (100 × count), rounded to 2 decimals.
    public var success: Double {
        count == 0 ? 0 : ExcelMath.round(Double(scoreSum) * 100 / Double(100 * count), 2)
    }
    /// Σ budget (baht).
    public var budget: Double { projects.reduce(0) { $0 + ($1.budget ?? 0) } }
    /// Σ disbursed (baht).
    public var disbursed: Double { projects.reduce(0) { $0 + ($1.disbursed ?? 0) } }

    /// Creates the summary.
    public init(projects: [Project], round: Round?) {
        self.projects = projects
        self.round = round
    }

    /// The projects assessed in `round` (those without a round count in every round).
    public static func of(_ projects: [Project], round: Round) -> ProjectSummary {
        ProjectSummary(projects: projects.filter { $0.round == nil || $0.round == round }, round: round)
    }
}
