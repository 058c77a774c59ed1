import FoundationEssentials
import KPIReportCore
import SystemPackage

/// The CSV files of an inputs folder (SPEC §1): `divisions.csv`, `indicators.csv`, `results.csv`
/// and/or every `.csv` under `results/`, and `projects.csv` when present. File names match without
/// regard to case (`Divisions.CSV` from Windows is fine). Only regular files are read: a FIFO, socket
/// or device is an error naming it (reading one could hang the monthly job); a broken link a warning.
public enum InputFolder {
    /// The files found, in the order validation reads them, and the problems of the folder.
    public static func scan(_ folder: String) -> (files: [CSVFile], findings: [Finding]) {
        var findings: [Finding] = []
        let fm = FileManager.default
        guard case .directory? = type(of: folder, follow: true) else {
            return ([], [Finding(.error, at: nil, "inputs folder \"\(folder)\" does not exist or is not a folder")])
        }
        let entries = ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        func display(_ name: String) -> String { folder == "." ? name : (folder.hasSuffix("/") ? folder + name : folder + "/" + name) }
        func find(_ name: String) -> String? { entries.first { $0.lowercased() == name } }

        var found: [(kind: InputKind, relative: String)] = []
        /// Checks that a path is a regular file (or a link to one); records the problem otherwise.
        func usable(_ relative: String) -> Bool {
            let path = display(relative)
            switch type(of: path, follow: false) {
            case .regular?: return true
            case .link?:
                switch type(of: path, follow: true) {
                case .regular?: return true
                case nil:
                    findings.append(Finding(.warning, at: SourceLocation(file: path), "a link to a file that does not exist; ignored"))
                    return false
                case let other?:
                    findings.append(Finding(.error, at: SourceLocation(file: path), "links to \(other.description), not a regular file: only regular files are read"))
                    return false
                }
            case let other?:
                findings.append(Finding(.error, at: SourceLocation(file: path), "is \(other.description), not a regular file: only regular files are read"))
                return false
            case nil:
                findings.append(Finding(.error, at: SourceLocation(file: path), "cannot be read"))
                return false
            }
        }
        for (name, kind) in [("divisions.csv", InputKind.divisions), ("indicators.csv", .indicators)] {
            if let actual = find(name) {
                if usable(actual) { found.append((kind, actual)) }
            } else {
                findings.append(Finding(.error, at: SourceLocation(file: display(name)), "missing: every inputs folder needs \(name) (SPEC §1)"))
            }
        }
        var results: [String] = []
        if let actual = find("results.csv"), usable(actual) { results.append(actual) }
        if let dir = entries.first(where: { $0.lowercased() == "results" }), case .directory? = type(of: display(dir), follow: true) {
            let all = ((try? fm.subpathsOfDirectory(atPath: display(dir))) ?? [])
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for relative in all {
                let path = dir + "/" + relative
                let base = relative.split(separator: "/").last.map(String.init) ?? relative
                if base.hasPrefix(".") || base.hasPrefix("~$") { continue }
                if case .directory? = type(of: display(path), follow: true) { continue }
                if relative.lowercased().hasSuffix(".csv") {
                    if usable(path) { results.append(path) }
                } else {
                    findings.append(Finding(.warning, at: SourceLocation(file: display(path)), "not a .csv file; ignored"))
                }
            }
        }
        if results.isEmpty && !findings.contains(where: { $0.location?.file.contains("results") ?? false }) {
            findings.append(Finding(.error, at: SourceLocation(file: display("results.csv")),
                                    "missing: give results.csv or a results/ folder of .csv files (SPEC §1)"))
        }
        found += results.map { (.results, $0) }
        if let actual = find("projects.csv"), usable(actual) { found.append((.projects, actual)) }
        let files = found.enumerated().map { i, entry in
            let name = display(entry.relative)
            return CSVFile(file: InputFile(index: i, kind: entry.kind, name: name), path: name)
        }
        return (files, findings)
    }

    /// What a path is.
    enum Kind: Equatable, CustomStringConvertible {
        case regular, directory, link, fifo, socket, device

        var description: String {
            switch self {
            case .regular: return "a file"
            case .directory: return "a folder"
            case .link: return "a link"
            case .fifo: return "a FIFO (named pipe)"
            case .socket: return "a socket"
            case .device: return "a device"
            }
        }
    }

    static func type(of path: String, follow: Bool) -> Kind? {
        guard let stat = try? Stat(FilePath(path), followTargetSymlink: follow) else { return nil }
        switch stat.type {
        case .regular: return .regular
        case .directory: return .directory
        case .symbolicLink: return .link
        case .fifo: return .fifo
        case .socket: return .socket
        default: return .device
        }
    }
}
