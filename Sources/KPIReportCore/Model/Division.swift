/// A unit of the department that has its own performance agreement (a สำนัก, กอง or ศูนย์), or the
/// department itself, which holds its own policy and action-plan indicators.
public struct Division: Hashable, Sendable {
    /// Short stable code, `[A-Za-z0-9_-]` only: it names the division's workbook file.
    public let id: String
    /// Thai name, e.g. สำนักงานเลขานุการกรม.
    public let name: String
    /// Thai abbreviation, e.g. สล.; may be empty.
    public let shortName: String
    /// Where the row is.
    public let location: SourceLocation

    /// Creates a division.
    public init(id: String, name: String, shortName: String = "", location: SourceLocation) {
        self.id = id
        self.name = name
        self.shortName = shortName
        self.location = location
    }

    /// True when the unit is the department itself (กรม…) rather than one of its divisions: its
    /// indicators form the department's annexes instead of an entry in the ranking of divisions.
    public var isDepartment: Bool { name.hasPrefix("กรม") }
}
