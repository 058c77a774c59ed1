import Foundation
import KPIReportCore

/// Finds and reads the CSV files of an inputs folder (SPEC §1): `divisions.csv`, `indicators.csv`,
/// `results.csv` and/or every `.csv` under `results/`, and `projects.csv` when present. File names
/// match without regard to case (`Divisions.CSV` from Windows is fine).
public enum InputFolder {
    /// Reads everything; files that cannot be read are reported and left out.
    public static func read(_ folder: String, encoding: TextEncoding?) -> (InputTables, [Diagnostic]) {
        var diagnostics = Diagnostics()
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            diagnostics.error(nil, "inputs folder \"\(folder)\" does not exist")
            return (InputTables(), diagnostics.all)
        }
        let entries = (try? fm.contentsOfDirectory(atPath: folder)) ?? []
        func find(_ name: String) -> String? { entries.sorted().first { $0.lowercased() == name } }
        func display(_ name: String) -> String { folder == "." ? name : (folder.hasSuffix("/") ? folder + name : folder + "/" + name) }

        var jobs: [(name: String, path: String, display: String)] = []
        for required in ["divisions.csv", "indicators.csv"] {
            if let name = find(required) {
                jobs.append((required, display(name), display(name)))
            } else {
                diagnostics.error(SourceLocation(file: display(required)), "missing: every inputs folder needs \(required) (SPEC §1)")
            }
        }
        if let name = find("projects.csv") { jobs.append(("projects.csv", display(name), display(name))) }
        var resultFiles: [String] = []
        if let name = find("results.csv") { resultFiles.append(display(name)) }
        if let dir = entries.sorted().first(where: { $0.lowercased() == "results" }) {
            let root = display(dir)
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue {
                let all = (fm.enumerator(atPath: root)?.allObjects as? [String] ?? []).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                for relative in all {
                    let path = root + "/" + relative
                    var sub: ObjCBool = false
                    guard fm.fileExists(atPath: path, isDirectory: &sub), !sub.boolValue else { continue }
                    let base = (relative as NSString).lastPathComponent
                    if base.hasPrefix(".") || base.hasPrefix("~$") { continue }
                    if relative.lowercased().hasSuffix(".csv") {
                        resultFiles.append(path)
                    } else {
                        diagnostics.warning(SourceLocation(file: path), "not a .csv file; ignored")
                    }
                }
            }
        }
        if resultFiles.isEmpty {
            diagnostics.error(SourceLocation(file: display("results.csv")), "missing: give results.csv or a results/ folder of .csv files (SPEC §1)")
        }
        for path in resultFiles { jobs.append(("results", path, path)) }

        // Files are independent: read them side by side.
        let outcomes = ParallelMap.map(jobs) { job in CSVReader.read(path: job.path, displayName: job.display, encoding: encoding) }
        var tables = InputTables()
        for (job, outcome) in zip(jobs, outcomes) {
            diagnostics.append(contentsOf: outcome.1)
            guard let table = outcome.0 else { continue }
            switch job.name {
            case "divisions.csv": tables.divisions = table
            case "indicators.csv": tables.indicators = table
            case "projects.csv": tables.projects = table
            default: tables.results.append(table)
            }
        }
        return (tables, diagnostics.all)
    }
}

/// Runs independent work on all cores, keeping the order of the inputs.
enum ParallelMap {
    static func map<T: Sendable, U: Sendable>(_ items: [T], _ transform: @Sendable (T) -> U) -> [U] {
        guard items.count > 1 else { return items.map(transform) }
        let box = ResultBox<U>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            box.set(i, transform(items[i]))
        }
        return box.values()
    }

    private final class ResultBox<U>: @unchecked Sendable {
        private var slots: [U?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ value: U) { lock.lock(); slots[i] = value; lock.unlock() }
        /// Every slot is filled once concurrentPerform returns.
        func values() -> [U] { slots.compactMap { $0 } }
    }
}
