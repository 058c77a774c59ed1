// TEMPORARY: stand-in until ICULineBreaker lands. Delete then.
import KPIReportCore

public struct ICULineBreaker: LineBreaker {
    public init() {}
    public func lineBreakOpportunities(in text: String) -> [Int] { SpaceLineBreaker().lineBreakOpportunities(in: text) }
}
