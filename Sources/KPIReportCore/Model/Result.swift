/// What a division reported for one indicator in one round.
public struct ReportedResult: Hashable, Sendable {
    /// Fiscal year (BE) from the `year` column; nil when absent.
    public let year: Int?
    /// Who reported.
    public let divisionID: String
    /// For which round.
    public let round: Round
    /// For which indicator.
    public let indicatorID: IndicatorID
    /// The measured value as given in `result`.
    public let value: Double?
    /// Numerator of a num/den result (result = numerator × 100 / denominator).
    public let numerator: Double?
    /// Denominator of a num/den result.
    public let denominator: Double?
    /// Assessed level 0–5 for `level` indicators.
    public let level: Double?
    /// When the report was due.
    public let dueOn: CivilDate?
    /// When it was sent.
    public let reportedOn: CivilDate?
    /// Free text.
    public let note: String
    /// The row.
    public let location: SourceLocation

    /// Creates a result.
    public init(year: Int? = nil, divisionID: String, round: Round, indicatorID: IndicatorID,
                value: Double? = nil, numerator: Double? = nil, denominator: Double? = nil,
                level: Double? = nil, dueOn: CivilDate? = nil, reportedOn: CivilDate? = nil,
                note: String = "", location: SourceLocation) {
        self.year = year
        self.divisionID = divisionID
        self.round = round
        self.indicatorID = indicatorID
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
        self.level = level
        self.dueOn = dueOn
        self.reportedOn = reportedOn
        self.note = note
        self.location = location
    }

    /// The result as a number: `result`, else numerator × 100 / denominator, else the level.
    public var measured: Double? {
        if let value { return value }
        if let numerator, let denominator, denominator != 0 { return numerator * 100 / denominator }
        return level
    }

    /// Days between due and reported dates, never negative; 0 when either is missing.
    public var daysLate: Int {
        guard let dueOn, let reportedOn else { return 0 }
        return max(0, dueOn.days(to: reportedOn))
    }
}
