/// An action-plan project (seed 003's projects table) in one monitoring round.
public struct Project: Hashable, Sendable {
    /// One indicator line of a project and its target.
    public struct ProjectIndicator: Hashable, Sendable {
        /// The indicator text.
        public let text: String
        /// The target text as printed.
        public let target: String
        /// Creates a line.
        public init(text: String, target: String) {
            self.text = text
            self.target = target
        }
    }

    /// Fiscal year (BE) from the `year` column; nil when absent.
    public let year: Int?
    /// The project's number as printed.
    public let id: String
    /// The plan heading (แผนปฏิบัติการ เรื่องที่ …).
    public let plan: String
    /// Project name.
    public let name: String
    /// The responsible unit as printed (พ.บ., ศทส., …).
    public let responsible: String
    /// Its indicators and targets.
    public let indicators: [ProjectIndicator]
    /// Budget in baht; nil when the project uses no budget.
    public let budget: Double?
    /// Disbursed in baht; nil when nothing is recorded.
    public let disbursed: Double?
    /// The round the progress was assessed in; nil = every round.
    public let round: Round?
    /// Progress level 0, 25, 50, 75 or 100.
    public let progress: Int
    /// The (first) row.
    public let location: SourceLocation

    /// Creates a project.
    public init(year: Int? = nil, id: String, plan: String, name: String, responsible: String,
                indicators: [ProjectIndicator], budget: Double?, disbursed: Double?, round: Round?,
                progress: Int, location: SourceLocation) {
        self.year = year
        self.id = id
        self.plan = plan
        self.name = name
        self.responsible = responsible
        self.indicators = indicators
        self.budget = budget
        self.disbursed = disbursed
        self.round = round
        self.progress = progress
        self.location = location
    }

    /// The progress levels a project can be marked at.
    public static let progressLevels = [0, 25, 50, 75, 100]
}
