import Foundation

/// Paths of the repository, the fixtures and the built executable.
public enum Repository {
    /// The package root (found from this file's path).
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// `Tests/Fixtures/<name>`.
    public static func fixture(_ name: String) -> String { root.appendingPathComponent("Tests/Fixtures").appendingPathComponent(name).path }

    /// `Inputs/`.
    public static var sampleInputs: String { root.appendingPathComponent("Inputs").path }

    /// The `kpi-report` executable `swift build` made (debug).
    public static var executable: String {
        let candidates = [".build/debug/kpi-report", ".build/x86_64-unknown-linux-gnu/debug/kpi-report",
                          ".build/aarch64-unknown-linux-gnu/debug/kpi-report"]
        for candidate in candidates {
            let path = root.appendingPathComponent(candidate).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return root.appendingPathComponent(candidates[0]).path
    }

    /// A fresh temporary folder.
    public static func temporaryFolder(_ label: String = "kpi") -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Copies a folder to a fresh temporary folder, for tests that change inputs.
    public static func copy(_ folder: String) throws -> String {
        let target = temporaryFolder("inputs") + "/in"
        try FileManager.default.copyItem(atPath: folder, toPath: target)
        return target
    }
}

/// Runs programs.
public enum Shell {
    /// A finished process.
    public struct Output {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs and captures; never throws for a non-zero status.
    @discardableResult
    public static func execute(_ program: String, _ arguments: [String], in directory: String? = nil,
                               environment: [String: String]? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while the process runs, so a large output cannot block it.
        final class Box: @unchecked Sendable { var data = Data() }
        let outBox = Box()
        let group = DispatchGroup()
        group.enter()
        let reader = out.fileHandleForReading
        DispatchQueue.global().async { outBox.data = reader.readDataToEndOfFile(); group.leave() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let outData = outBox.data
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs and returns standard output; throws on a non-zero status.
    public static func run(_ program: String, _ arguments: [String]) throws -> String {
        String(decoding: try runData(program, arguments), as: UTF8.self)
    }

    /// Runs and returns standard output as bytes; throws on a non-zero status.
    public static func runData(_ program: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "Shell", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "\(program) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)"])
        }
        return data
    }
}

/// Windows-874 encoding of text, to make the copies Thai Excel would save.
public enum CP874Encoder {
    /// Encodes UTF-8 text as Windows-874; nil when a character has no Windows-874 byte.
    public static func encode(_ text: String) -> Data? {
        var out = Data()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0..<0x80: out.append(UInt8(scalar.value))
            case 0x0E01...0x0E3A, 0x0E3F...0x0E5B: out.append(UInt8(scalar.value - 0x0E00 + 0xA0))
            case 0x00A0: out.append(0xA0)
            case 0x2013: out.append(0x96)
            case 0x2014: out.append(0x97)
            case 0x2018: out.append(0x91)
            case 0x2019: out.append(0x92)
            case 0x201C: out.append(0x93)
            case 0x201D: out.append(0x94)
            case 0x2022: out.append(0x95)
            case 0x2026: out.append(0x85)
            case 0x20AC: out.append(0x80)
            default: return nil
            }
        }
        return out
    }
}

/// Recalculates workbooks in LibreOffice and compares every formula's result with the cached value
/// the tool wrote (the same check as the project's `xlsx-recalc-check`).
public enum LibreOfficeRecalc {
    /// A formula whose recalculated value differs.
    public struct Difference: CustomStringConvertible {
        public let sheet: String, ref: String, formula: String, cached: String?, recalculated: String?
        public var description: String { "\(sheet)!\(ref) cached=\(cached ?? "nil") recalculated=\(recalculated ?? "nil")  =\(formula)" }
    }

    /// The `soffice` executable, when installed.
    public static var soffice: String? {
        ["/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/usr/local/bin/soffice"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Recalculates `files` in one LibreOffice run; returns, per file, the number of formulas and the
    /// differences beyond `tolerance` (relative; absolute below 1).
    public static func check(_ files: [String], tolerance: Double = 1e-12) throws -> [(file: String, formulas: Int, differences: [Difference])] {
        guard let soffice else { throw NSError(domain: "LibreOffice", code: 1, userInfo: [NSLocalizedDescriptionKey: "soffice is not installed (make test installs libreoffice-calc-nogui)"]) }
        let profile = Repository.temporaryFolder("lo-profile")
        try FileManager.default.createDirectory(atPath: profile + "/user", withIntermediateDirectories: true)
        // Recalculate every formula on load (OOXMLRecalcMode 0 = always).
        try """
        <?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item></oor:items>
        """.write(toFile: profile + "/user/registrymodifications.xcu", atomically: true, encoding: .utf8)
        // Files of different folders may share a name: give each a unique one for the one LibreOffice run.
        let staged = Repository.temporaryFolder("recalc-in")
        let out = Repository.temporaryFolder("recalc")
        var copies: [String] = []
        for (i, file) in files.enumerated() {
            let copy = staged + "/\(i)-" + (file as NSString).lastPathComponent
            try FileManager.default.copyItem(atPath: file, toPath: copy)
            copies.append(copy)
        }
        // In batches: one LibreOffice run stops converting after a few hundred documents.
        for start in stride(from: 0, to: copies.count, by: 100) {
            let batch = Array(copies[start..<min(start + 100, copies.count)])
            try Shell.execute(soffice, ["-env:UserInstallation=file://" + profile, "--headless", "--convert-to", "xlsx", "--outdir", out] + batch)
        }
        var report: [(String, Int, [Difference])] = []
        for (file, copy) in zip(files, copies) {
            let original = try XLSXPackage(file)
            let recalculatedPath = out + "/" + (copy as NSString).lastPathComponent
            guard FileManager.default.fileExists(atPath: recalculatedPath) else {
                throw NSError(domain: "LibreOffice", code: 2, userInfo: [NSLocalizedDescriptionKey: "LibreOffice could not open \(file)"])
            }
            let recalculated = try XLSXPackage(recalculatedPath)
            var count = 0
            var differences: [Difference] = []
            for (sheet, _) in original.sheets {
                let before = try original.cells(sheet), after = try recalculated.cells(sheet)
                for (ref, cell) in before {
                    guard let formula = cell.formula else { continue }
                    count += 1
                    let other = after[ref]
                    if !same(cell, other, tolerance) {
                        differences.append(Difference(sheet: sheet, ref: ref, formula: formula, cached: cell.value, recalculated: other?.value))
                    }
                }
            }
            report.append((file, count, differences))
        }
        return report
    }

    private static func same(_ a: XLSXPackage.StoredCell, _ b: XLSXPackage.StoredCell?, _ tolerance: Double) -> Bool {
        let x = a.value ?? "", y = b?.value ?? ""
        if x == y { return true }
        if let p = Double(x), let q = Double(y) { return abs(p - q) <= tolerance * max(1, abs(q)) }
        return false
    }
}
