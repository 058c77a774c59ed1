import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Glibc
import KPIReportCore
import Testing
import TestSupport

// Publishing a round folder as one transaction (SPEC §3, §4), tested through the built executable:
// runs killed with SIGKILL at every stage of a 300-unit month, failures injected between workbooks,
// runs side by side on one outputs folder, --division runs over a folder an older run left files in,
// and input texts that try to become formulas, header codes or document properties.

/// Two months of the same 300 units (`scripts/gen-units.py --units 300`: fiscal year 2567, round
/// folder 2567/R12): A as generated, B with every `result` half a point higher. Each is built once
/// into a folder of its own, never changed afterwards: the tests copy A as "last month's set" and
/// compare what they find with the bytes of these two builds.
private struct PublishingMonths: Sendable {
    enum Month: String, Sendable {
        case a = "A", b = "B"
        var other: Month { self == .a ? .b : .a }
    }

    let inputsA: String
    let inputsB: String
    /// Outputs folders holding a finished build of A and of B.
    let outputsA: String
    let outputsB: String
    /// The files of `2567/R12` of each build, by name.
    let setA: [String: Data]
    let setB: [String: Data]
    /// Seconds one whole build took (the executable, --jobs 2, started to exited): the shorter of
    /// the builds of A and B, since other work on the machine can only lengthen one.
    let duration: Double

    static let yearFolder = "2567"
    static let roundFolder = "2567/R12"

    /// Made once for the whole suite.
    static let shared = Result<PublishingMonths, any Error> { try make() }

    func inputs(_ month: Month) -> String { month == .a ? inputsA : inputsB }
    func set(_ month: Month) -> [String: Data] { month == .a ? setA : setB }

    /// Which month `files` is, byte for byte; nil for anything else (a mixed, partial or unknown set).
    func month(of files: [String: Data]) -> Month? {
        files == setA ? .a : files == setB ? .b : nil
    }

    /// Why `files` is neither month: names missing or extra, and how many files match A, B or neither.
    func mismatch(_ files: [String: Data]) -> String {
        let names = Set(files.keys), expected = Set(setA.keys)
        let likeA = files.filter { setA[$0.key] == $0.value }.count, likeB = files.filter { setB[$0.key] == $0.value }.count
        return "\(files.count) files: missing \(expected.subtracting(names).sorted().prefix(5)), extra \(names.subtracting(expected).sorted().prefix(5)); "
            + "\(likeA) are A's bytes, \(likeB) are B's, \(files.count - likeA - likeB) neither"
    }

    /// A new outputs folder holding last month's set: a copy of the build of A, lock file included.
    /// `PublishingTool.discard` removes it (10 MB) when the test is done with it.
    func copyOfMonthA() throws -> String {
        let target = Repository.temporaryFolder("publish-out") + "/outputs"
        try FileManager.default.copyItem(atPath: outputsA, toPath: target)
        return target
    }

    static func make() throws -> PublishingMonths {
        let root = Repository.temporaryFolder("publishing-months")
        let inputsA = root + "/inputs-A", inputsB = root + "/inputs-B"
        try PublishingTool.generate(inputsA, units: 300)
        try FileManager.default.copyItem(atPath: inputsA, toPath: inputsB)
        let changed = try PublishingTool.raiseResults(in: inputsB)
        guard changed > 1000 else { throw PublishingTool.Failure("only \(changed) results changed in month B") }

        let outputsA = root + "/outputs-A", outputsB = root + "/outputs-B"
        // Timed the way the killed runs are started: a child with its output discarded.
        var duration = Double.infinity
        for (month, inputs, outputs) in [("A", inputsA, outputsA), ("B", inputsB, outputsB)] {
            let timed = try PublishingProcess(PublishingTool.buildArguments(inputs, outputs))
            let end = timed.wait()
            guard end.status == 0, !end.killed else { throw PublishingTool.Failure("month \(month): exit \(end.status): \(timed.stderr)") }
            duration = min(duration, timed.elapsed)
        }

        let setA = try PublishingTool.contents(outputsA + "/" + roundFolder)
        let setB = try PublishingTool.contents(outputsB + "/" + roundFolder)
        return PublishingMonths(inputsA: inputsA, inputsB: inputsB, outputsA: outputsA, outputsB: outputsB,
                                setA: setA, setB: setB, duration: duration)
    }
}

/// Running the built executable and looking at what it left.
private enum PublishingTool {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func buildArguments(_ inputs: String, _ outputs: String, _ extra: [String] = []) -> [String] {
        ["build", "--inputs", inputs, "--outputs", outputs, "--jobs", "2", "--quiet"] + extra
    }

    /// One whole run, to the end.
    static func build(_ inputs: String, _ outputs: String, _ extra: [String] = [], environment: [String: String]? = nil) throws -> Shell.Output {
        try Shell.execute(Repository.executable, buildArguments(inputs, outputs, extra), environment: environment)
    }

    /// `scripts/gen-units.py OUT --units N`.
    static func generate(_ folder: String, units: Int) throws {
        let script = Repository.root.appendingPathComponent("scripts/gen-units.py").path
        let result = try Shell.execute("/usr/bin/python3", [script, folder, "--units", String(units)])
        guard result.status == 0 else { throw Failure("gen-units.py: exit \(result.status): \(result.stderr)") }
    }

    /// Month B from month A: every `result` of `results/*.csv` half a point higher (the generator
    /// quotes no field of these files, so a comma split is exact). Returns how many values changed.
    static func raiseResults(in inputs: String) throws -> Int {
        var changed = 0
        let folder = inputs + "/results"
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".csv") {
            let path = folder + "/" + name
            var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
            guard let column = lines.first?.components(separatedBy: ",").firstIndex(of: "result") else {
                throw Failure("\(path) has no result column")
            }
            for i in lines.indices.dropFirst() where !lines[i].isEmpty {
                var fields = lines[i].components(separatedBy: ",")
                guard fields.indices.contains(column), let value = Double(fields[column]) else { continue }
                fields[column] = String(format: "%.2f", value + 0.5)
                lines[i] = fields.joined(separator: ",")
                changed += 1
            }
            try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        return changed
    }

    /// Every entry of a folder with its bytes (a folder inside it throws).
    static func contents(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return files
    }

    /// The dot entries of a year folder: staging and .old folders (and anything else hidden).
    static func dotEntries(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }.sorted()
    }

    /// Removes an outputs folder made by `copyOfMonthA` (with the temporary folder around it).
    static func discard(_ outputs: String) {
        try? FileManager.default.removeItem(atPath: (outputs as NSString).deletingLastPathComponent)
    }

    /// `.<round>.staging-<key>` or `.<round>.old-<key>`, the only names a run may leave behind.
    static func isLeftoverName(_ name: String, round: String) -> Bool {
        name.range(of: "^\\.\(round)\\.(staging|old)-[A-Za-z0-9]+$", options: .regularExpression) != nil
    }

    /// The inode of a path (the round folder's changes when a set is swapped in); 0 when missing.
    static func inode(_ path: String) -> UInt64 {
        var status = stat()
        return stat(path, &status) == 0 ? UInt64(status.st_ino) : 0
    }
}

extension ManifestFile {
    /// `describes`, with one `sha256sum` run for all files rather than one per file, so that it can
    /// run after every kill of a 302-file folder: exactly the files beside it, each with its size and
    /// true digest.
    fileprivate func describesAtOnce(_ folder: String) throws -> Bool {
        let present = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") && $0 != "manifest.json" }.sorted()
        guard present == files.map(\.path).sorted() else { return false }
        guard !files.isEmpty else { return true }
        let listing = try Shell.run("/usr/bin/sha256sum", files.map { folder + "/" + $0.path })
        var digests: [String: String] = [:]
        for line in listing.split(separator: "\n") where line.count > 66 {
            let path = String(line.dropFirst(66))
            digests[(path as NSString).lastPathComponent] = String(line.prefix(64))
        }
        for file in files {
            let size = (try FileManager.default.attributesOfItem(atPath: folder + "/" + file.path)[.size] as? NSNumber)?.intValue
            guard size == file.bytes, digests[file.path] == file.sha256 else { return false }
        }
        return true
    }
}

/// The executable started in the background: killed, raced or left waiting by a test.
private final class PublishingProcess {
    struct End { let status: Int32; let killed: Bool }

    let process = Process()
    private let started: UInt64
    private var ended: UInt64?
    private let errorPath: String

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: Repository.executable)
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        errorPath = Repository.temporaryFolder("stderr") + "/stderr"
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        try process.run()
        started = DispatchTime.now().uptimeNanoseconds
    }

    /// Seconds since the start (until the end once it has ended).
    var elapsed: Double { Double((ended ?? DispatchTime.now().uptimeNanoseconds) - started) / 1e9 }

    /// Sleeps until `seconds` after the start.
    func sleep(untilElapsed seconds: Double) {
        let left = seconds - elapsed
        if left > 0 { usleep(useconds_t(left * 1e6)) }
    }

    /// SIGKILL, as a power cut or the OOM killer would end it (not once it has ended: its pid may
    /// be another process's by then).
    func kill() {
        if process.isRunning { _ = Glibc.kill(process.processIdentifier, SIGKILL) }
    }

    /// Waits for the end: its exit status, or whether SIGKILL ended it.
    func wait() -> End {
        process.waitUntilExit()
        if ended == nil { ended = DispatchTime.now().uptimeNanoseconds }
        let killed = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
        return End(status: process.terminationStatus, killed: killed)
    }

    var stderr: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    deinit {
        if process.isRunning {
            kill()
            process.waitUntilExit()
        }
    }
}

@Suite(.serialized) struct PublishingTests {
    private typealias Month = PublishingMonths.Month

    // MARK: - 1. SIGKILL

    @Test("SIGKILL at 32 points of a 300-unit run over last month's set: the round folder is always exactly A or exactly B, its manifest describes it, and the next run removes what the killed run left")
    func killedRuns() throws {
        let months = try PublishingMonths.shared.get()
        let sameNames = Set(months.setA.keys) == Set(months.setB.keys)
        #expect(months.setA.count == 302 && sameNames, "300 unit workbooks, department.xlsx and manifest.json in both months")
        // A file equal in both months would hide a mix of the two sets.
        let alike = months.setA.keys.filter { months.setA[$0] == months.setB[$0] }
        #expect(alike.isEmpty, "files identical in months A and B: \(alike.sorted().prefix(5))")
        let referenceA = months.outputsA + "/" + PublishingMonths.roundFolder, referenceB = months.outputsB + "/" + PublishingMonths.roundFolder
        #expect(try ManifestFile.read(referenceA + "/manifest.json").describes(referenceA), "the reference build of month A")
        #expect(try ManifestFile.read(referenceB + "/manifest.json").describesAtOnce(referenceB), "the reference build of month B")

        let out = try months.copyOfMonthA()
        defer { PublishingTool.discard(out) }
        let yearPath = out + "/" + PublishingMonths.yearFolder
        let roundPath = out + "/" + PublishingMonths.roundFolder
        let lockPath = out + "/.kpi-report.lock"
        let timedKills = 30
        var random = SeededRandom(seed: 0x5EED_2567)
        var state = Month.a
        var signalled = 0, landed = 0, finishedFirst = 0, filesChecked = 0, leftoversSeen = 0
        var seen: [Month: Int] = [.a: 0, .b: 0]
        var previousSets = 0, newSets = 0, seenAfterSwap = 0
        var watched: [String] = []
        var wholeNextRuns = 0, failingNextRuns = 0

        // Kill k of N at (k − ½)/N of a run, ± ½/N: spread over the whole run. The fraction is turned
        // into seconds when the run starts, from the shortest whole run seen so far (a run that
        // finishes before its kill shortens it), so that load on the machine during the first
        // measurement does not push kills past the end.
        enum Trigger { case after(fraction: Double), stagedManifest, swapped }
        var duration = months.duration
        var plan: [Trigger] = (1...timedKills).map { k in
            let jitter = Double(random.next() % 10_001) / 10_000 - 0.5
            return .after(fraction: (Double(k) - 0.5 + jitter) / Double(timedKills))
        }
        // Two kills at the instants that matter most, found by watching the outputs folder: the staging
        // folder complete (its manifest written, the swap about to happen), and the round folder just
        // swapped (the previous set not yet removed).
        plan += [.stagedManifest, .swapped]

        for (index, trigger) in plan.enumerated() {
            let target = state.other
            let child = try PublishingProcess(PublishingTool.buildArguments(months.inputs(target), out))
            let inodeBefore = PublishingTool.inode(roundPath)
            switch trigger {
            case .after(let fraction):
                child.sleep(untilElapsed: max(0.01, fraction * duration))
                child.kill()
            case .stagedManifest, .swapped:
                while child.process.isRunning {
                    let fire: Bool
                    if case .swapped = trigger {
                        fire = PublishingTool.inode(roundPath) != inodeBefore
                    } else {
                        fire = ((try? FileManager.default.contentsOfDirectory(atPath: yearPath)) ?? []).contains {
                            $0.hasPrefix(".R12.staging-") && FileManager.default.fileExists(atPath: yearPath + "/" + $0 + "/manifest.json")
                        }
                    }
                    if fire { child.kill(); break }
                    usleep(200)
                }
            }
            signalled += 1
            let end = child.wait()
            if end.killed { landed += 1 } else {
                finishedFirst += 1
                duration = min(duration, child.elapsed)
                #expect(end.status == 0, "kill \(index + 1): the run ended by itself with exit \(end.status): \(child.stderr)")
            }

            // At every instant: one whole set, exactly A or exactly B, and a manifest that describes it.
            let files = try PublishingTool.contents(roundPath)
            filesChecked += files.count
            guard let found = months.month(of: files) else {
                Issue.record("kill \(index + 1) (\(trigger), after \(String(format: "%.3f", child.elapsed)) s): the round folder is neither A nor B: \(months.mismatch(files))")
                return
            }
            seen[found, default: 0] += 1
            if found == target { newSets += 1 } else { previousSets += 1 }
            switch trigger {
            case .stagedManifest: watched.append("staging complete → \(found == target ? "new" : "previous") set")
            case .swapped: watched.append("just swapped → \(found == target ? "new" : "previous") set")
            case .after: break
            }
            if case .swapped = trigger, end.killed {
                seenAfterSwap += 1
                #expect(found == target, "killed just after the swap: the new set is in place")
            }
            #expect(try ManifestFile.read(roundPath + "/manifest.json").describesAtOnce(roundPath), "kill \(index + 1): manifest.json describes the folder")
            filesChecked += files.count - 1
            let left = try PublishingTool.dotEntries(yearPath)
            leftoversSeen += left.count
            #expect(left.allSatisfy { PublishingTool.isLeftoverName($0, round: "R12") }, "kill \(index + 1) left \(left)")
            #expect(left.count <= 1, "kill \(index + 1): one run leaves at most one staging or .old folder: \(left)")

            // The next run removes what the killed one left. To keep the test short, the runs after
            // most kills fail on purpose at their first file (KPI_REPORT_TEST_FAIL_AFTER=0), once they
            // hold the lock and have cleaned up: the set must stay as it is. After the kill half-way
            // through, a whole run publishes the other month, so that the kills that follow are of
            // runs building the other month over it.
            let whole = index + 1 == timedKills / 2
            let next = found.other
            if whole {
                let started = DispatchTime.now().uptimeNanoseconds
                let result = try PublishingTool.build(months.inputs(next), out)
                duration = min(duration, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
                #expect(result.status == 0, "the run after kill \(index + 1): \(result.stderr)")
                state = next
                wholeNextRuns += 1
            } else {
                let result = try PublishingTool.build(months.inputs(next), out, environment: ["KPI_REPORT_TEST_FAIL_AFTER": "0"])
                #expect(result.status == 73, "the failing run after kill \(index + 1): \(result.stderr)")
                #expect(result.stderr.contains("nothing changed in \(roundPath)"), "\(result.stderr)")
                state = found
                failingNextRuns += 1
            }
            let after = try PublishingTool.contents(roundPath)
            filesChecked += after.count
            #expect(after == months.set(state), "after the run that followed kill \(index + 1), the folder is month \(state.rawValue): \(months.mismatch(after))")
            let remaining = try PublishingTool.dotEntries(yearPath)
            #expect(remaining.isEmpty, "the run after kill \(index + 1) removed the leftovers: \(remaining)")
            #expect(FileManager.default.fileExists(atPath: lockPath), "the lock file stays")
            #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == [".kpi-report.lock", PublishingMonths.yearFolder])
        }

        #expect(landed >= signalled * 3 / 4, "most kills landed while the run was running (\(landed) of \(signalled))")
        #expect(seen[.a, default: 0] > 0 && seen[.b, default: 0] > 0, "both months were seen after kills")
        #expect(previousSets > 0 && newSets > 0, "kills left the previous set (\(previousSets)) and the new one (\(newSets))")
        print("PublishingTests.killedRuns: \(signalled) kills tried (\(timedKills) timed over a run measured at \(String(format: "%.2f", months.duration)) s, \(String(format: "%.2f", duration)) s at the end, + 2 at the swap), "
              + "\(landed) landed while the run was running, \(finishedFirst) found it finished; states after a kill: A \(seen[.a, default: 0]), B \(seen[.b, default: 0]) "
              + "(the previous set \(previousSets), the run's new set \(newSets); watched kills: \(watched.joined(separator: ", "))); \(leftoversSeen) staging/.old folders left by killed runs, all removed by the next run "
              + "(\(wholeNextRuns) whole, \(failingNextRuns) failing at their first file); "
              + "\(filesChecked) files checked (byte comparisons and manifest digests)")
    }

    // MARK: - 2. Injected failures

    @Test("a failure injected between workbooks (and at the manifest): exit 73, 'nothing changed in', last month's set byte-identical, no staging folder left")
    func injectedFailure() throws {
        let months = try PublishingMonths.shared.get()
        // 50: the 51st workbook fails; 301: the 300 unit workbooks and department.xlsx are written and
        // manifest.json, the 302nd file, fails.
        for (limit, failing) in [(50, ".xlsx"), (301, "manifest.json")] {
            let out = try months.copyOfMonthA()
            defer { PublishingTool.discard(out) }
            let roundPath = out + "/" + PublishingMonths.roundFolder
            let result = try PublishingTool.build(months.inputsB, out, environment: ["KPI_REPORT_TEST_FAIL_AFTER": String(limit)])
            #expect(result.status == 73, "KPI_REPORT_TEST_FAIL_AFTER=\(limit): \(result.stderr)")
            #expect(result.stderr.contains("kpi-report: error: "), "\(result.stderr)")
            #expect(result.stderr.contains("injected failure for tests"), "\(result.stderr)")
            #expect(result.stderr.contains("nothing changed in \(roundPath)"), "\(result.stderr)")
            #expect(result.stderr.contains(failing), "KPI_REPORT_TEST_FAIL_AFTER=\(limit) fails at a \(failing) file: \(result.stderr)")
            let files = try PublishingTool.contents(roundPath)
            #expect(files == months.setA, "KPI_REPORT_TEST_FAIL_AFTER=\(limit): \(months.mismatch(files))")
            #expect(try ManifestFile.read(roundPath + "/manifest.json").describesAtOnce(roundPath))
            // A run that fails discards its staging folder itself.
            #expect(try PublishingTool.dotEntries(out + "/" + PublishingMonths.yearFolder).isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == [".kpi-report.lock", PublishingMonths.yearFolder])
        }
    }

    // MARK: - 3. Runs side by side

    @Test("two runs on one outputs folder: one publishes, the other exits 75 (or waits with --wait); a held lock blocks both kinds; ten real races leave a folder the manifest describes")
    func concurrentRuns() throws {
        let months = try PublishingMonths.shared.get()

        // Two at once, the same inputs (month B over month A).
        do {
            let out = try months.copyOfMonthA()
            defer { PublishingTool.discard(out) }
            let first = try PublishingProcess(PublishingTool.buildArguments(months.inputsB, out))
            let second = try PublishingProcess(PublishingTool.buildArguments(months.inputsB, out))
            let ends = [first.wait(), second.wait()]
            #expect(ends.map(\.status).sorted() == [0, 75], "\(ends.map(\.status)): \(first.stderr) \(second.stderr)")
            if let loser = [first, second].first(where: { $0.process.terminationStatus == 75 }) {
                #expect(loser.stderr.contains("another kpi-report run"), "\(loser.stderr)")
                #expect(loser.stderr.contains("--wait"), "\(loser.stderr)")
            }
            let roundPath = out + "/" + PublishingMonths.roundFolder
            #expect(try PublishingTool.contents(roundPath) == months.setB)
            #expect(try ManifestFile.read(roundPath + "/manifest.json").describesAtOnce(roundPath))
            #expect(try PublishingTool.dotEntries(out + "/" + PublishingMonths.yearFolder).isEmpty)
        }

        // The lock held by this process: a run stops at once with 75 and touches nothing, not even
        // another run's staging folder; a run with --wait waits, then publishes.
        do {
            let out = try months.copyOfMonthA()
            defer { PublishingTool.discard(out) }
            let yearPath = out + "/" + PublishingMonths.yearFolder
            let roundPath = out + "/" + PublishingMonths.roundFolder
            let planted = yearPath + "/.R12.staging-p1r1"
            try FileManager.default.createDirectory(atPath: planted, withIntermediateDirectories: false)
            _ = FileManager.default.createFile(atPath: planted + "/U00000.xlsx", contents: Data("being written".utf8))
            let lockPath = out + "/.kpi-report.lock"
            let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            try #require(descriptor >= 0)
            var released = false
            defer { if !released { _ = flock(descriptor, LOCK_UN); close(descriptor) } }
            try #require(flock(descriptor, LOCK_EX | LOCK_NB) == 0, "this process takes the lock")
            // The pid an exclusive holder writes, so the message can name the holder.
            let pid = Array("\(getpid())\n".utf8)
            _ = ftruncate(descriptor, 0)
            _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }

            let busy = try PublishingTool.build(months.inputsB, out)
            #expect(busy.status == 75, "\(busy.stderr)")
            #expect(busy.stderr.contains("kpi-report: error: lock \(lockPath): another kpi-report run (pid \(getpid())) is writing these outputs"), "\(busy.stderr)")
            #expect(busy.stderr.contains("--wait"), "\(busy.stderr)")
            #expect(try PublishingTool.contents(roundPath) == months.setA)
            #expect(try PublishingTool.dotEntries(yearPath) == [".R12.staging-p1r1"], "a run without the lock removes nothing")

            let waiting = try PublishingProcess(PublishingTool.buildArguments(months.inputsB, out, ["--wait"]))
            usleep(1_000_000)
            #expect(waiting.process.isRunning, "a run with --wait does not finish while the lock is held: \(waiting.stderr)")
            #expect(try PublishingTool.contents(roundPath) == months.setA, "nothing is published while the lock is held")
            #expect(try PublishingTool.dotEntries(yearPath) == [".R12.staging-p1r1"], "nothing is cleaned while the lock is held")
            _ = flock(descriptor, LOCK_UN)
            close(descriptor)
            released = true
            let end = waiting.wait()
            #expect(end.status == 0 && !end.killed, "\(waiting.stderr)")
            let files = try PublishingTool.contents(roundPath)
            #expect(files == months.setB, "\(months.mismatch(files))")
            #expect(try ManifestFile.read(roundPath + "/manifest.json").describesAtOnce(roundPath))
            #expect(try PublishingTool.dotEntries(yearPath).isEmpty, "the run that got the lock removed the leftover")
            #expect(FileManager.default.fileExists(atPath: lockPath))
        }

        // Ten real races between a build of month A′ and a build of month B′ (20 units, so that ten
        // races fit in the time), started together on a folder holding A′; every other race with
        // --wait on both.
        let root = Repository.temporaryFolder("race")
        let smallA = root + "/inputs-A", smallB = root + "/inputs-B"
        try PublishingTool.generate(smallA, units: 20)
        try FileManager.default.copyItem(atPath: smallA, toPath: smallB)
        #expect(try PublishingTool.raiseResults(in: smallB) > 50)
        let builtA = root + "/outputs-A", builtB = root + "/outputs-B"
        #expect(try PublishingTool.build(smallA, builtA).status == 0)
        #expect(try PublishingTool.build(smallB, builtB).status == 0)
        let setA = try PublishingTool.contents(builtA + "/" + PublishingMonths.roundFolder)
        let setB = try PublishingTool.contents(builtB + "/" + PublishingMonths.roundFolder)
        #expect(setA.count == 22 && setA != setB)
        var outcomes: [String: Int] = [:]
        for trial in 0..<10 {
            let out = Repository.temporaryFolder("race-out") + "/outputs"
            try FileManager.default.copyItem(atPath: builtA, toPath: out)
            let wait = trial % 2 == 1 ? ["--wait"] : []
            let order = trial % 4 < 2 ? [smallA, smallB] : [smallB, smallA]
            let runs = try order.map { try PublishingProcess(PublishingTool.buildArguments($0, out, wait)) }
            let ends = runs.map { $0.wait() }
            let statuses = ends.map(\.status)
            outcomes[(wait.isEmpty ? "" : "--wait ") + statuses.map(String.init).joined(separator: "/"), default: 0] += 1
            let roundPath = out + "/" + PublishingMonths.roundFolder
            let files = try PublishingTool.contents(roundPath)
            #expect(try ManifestFile.read(roundPath + "/manifest.json").describes(roundPath), "race \(trial): \(statuses)")
            #expect(files == setA || files == setB, "race \(trial): the folder is one whole set")
            #expect(try PublishingTool.dotEntries(out + "/" + PublishingMonths.yearFolder).isEmpty, "race \(trial)")
            if wait.isEmpty {
                #expect(statuses.contains(0) && statuses.allSatisfy { $0 == 0 || $0 == 75 }, "race \(trial): \(statuses) \(runs.map(\.stderr))")
                if statuses.sorted() == [0, 75], let winner = statuses.firstIndex(of: 0) {
                    #expect(files == (order[winner] == smallA ? setA : setB), "race \(trial): the set of the run that exited 0")
                    #expect(runs[1 - winner].stderr.contains("another kpi-report run"), "\(runs[1 - winner].stderr)")
                }
            } else {
                #expect(statuses == [0, 0], "race \(trial) with --wait: \(runs.map(\.stderr))")
            }
        }
        print("PublishingTests.concurrentRuns: 1 race of two 300-unit runs, 1 held lock (exit 75, then --wait → 0), "
              + "10 races of 20-unit runs: \(outcomes.sorted { $0.key < $1.key }.map { "\($0.value)× \($0.key)" }.joined(separator: ", "))")
    }

    // MARK: - 4. --division over files an older run left

    @Test("--division into a folder holding files no manifest lists (and a listed file changed, another removed, the manifest lost): the new manifest lists every file beside it with its true sha256")
    func divisionRunOverOlderFiles() throws {
        let out = Repository.temporaryFolder("division")
        let first = try PublishingTool.build(Repository.sampleInputs, out)
        #expect(first.status == 0, "\(first.stderr)")
        let round = out + "/2563/R6"
        let manifestPath = round + "/manifest.json"
        #expect(try ManifestFile.read(manifestPath).describes(round))

        var random = SeededRandom(seed: 2562)
        let older = Data((0..<4096).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        let notes = Data("ผลการประเมินรอบก่อน\n".utf8)
        _ = FileManager.default.createFile(atPath: round + "/OLD-2562.xlsx", contents: older)
        _ = FileManager.default.createFile(atPath: round + "/หมายเหตุ รอบ 6.txt", contents: notes)
        // Opened in LibreOffice by a clerk: a hidden lock file of its own.
        _ = FileManager.default.createFile(atPath: round + "/.~lock.HRM.xlsx#", contents: Data(",clerk,pc,01.01.2020 10:00,\n".utf8))
        // A listed file changed by hand, another removed by hand.
        var changed = try Data(contentsOf: URL(fileURLWithPath: round + "/BAD.xlsx"))
        changed.append(contentsOf: [0x0A])
        try changed.write(to: URL(fileURLWithPath: round + "/BAD.xlsx"))
        try FileManager.default.removeItem(atPath: round + "/FIN.xlsx")
        let before = try PublishingTool.contents(round)

        let result = try PublishingTool.build(Repository.sampleInputs, out, ["--division", "SEC", "--year", "2563"])
        #expect(result.status == 0, "\(result.stderr)")
        let after = try ManifestFile.read(manifestPath)
        #expect(try after.describes(round), "every file beside manifest.json listed with its true sha256, and nothing else: \(after.files.map(\.path))")
        // Hidden files too: whatever is in the folder is listed.
        let entries = try FileManager.default.contentsOfDirectory(atPath: round).filter { $0 != "manifest.json" }.sorted()
        #expect(entries == after.files.map(\.path).sorted(), "files in the folder: \(entries)")
        #expect(after.files.first { $0.path == "OLD-2562.xlsx" }?.sha256 == sha256(older))
        #expect(after.files.first { $0.path == "หมายเหตุ รอบ 6.txt" }?.sha256 == sha256(notes))
        #expect(after.files.first { $0.path == "BAD.xlsx" }?.sha256 == sha256(changed))
        #expect(!after.files.contains { $0.path == "FIN.xlsx" })
        let now = try PublishingTool.contents(round)
        for name in ["OLD-2562.xlsx", "หมายเหตุ รอบ 6.txt", "BAD.xlsx", "HRM.xlsx", "DEV.xlsx", "ICT.xlsx"] {
            #expect(now[name] == before[name], "\(name) kept as it was")
        }
        #expect(after.files.map(\.path) == after.files.map(\.path).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })

        // Again, with the manifest gone: the next --division run still lists the whole folder.
        try FileManager.default.removeItem(atPath: manifestPath)
        let again = try PublishingTool.build(Repository.sampleInputs, out, ["--division", "HRM", "--year", "2563"])
        #expect(again.status == 0, "\(again.stderr)")
        let rebuilt = try ManifestFile.read(manifestPath)
        #expect(try rebuilt.describes(round), "\(rebuilt.files.map(\.path))")
        #expect(Set(rebuilt.files.map(\.path)) == Set(["BAD.xlsx", "DEV.xlsx", "HRM.xlsx", "ICT.xlsx", "OLD-2562.xlsx", "SEC.xlsx", "department.xlsx", "หมายเหตุ รอบ 6.txt"]))
        #expect(try PublishingTool.dotEntries(out + "/2563").isEmpty)
    }

    // MARK: - 5. Texts that try to be formulas

    /// Payloads of formula injection, header/footer codes and XML specials, used as every text the
    /// inputs give: unit names, indicator names, units, groups, notes, annex titles, projects.
    static let payloads = [
        "=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1+1", " =1+1", "\r=HYPERLINK(\"x\")",
        "=HYPERLINK(\"http://x\",\"y\")", "'=1",
    ]
    /// Header and footer codes (`&P` page, `&N` pages, `&"font"`, `&B` bold, `&K` colour) and `&` itself.
    static let ampersands = "R&D &P&N&\"Arial,Bold\"&B&K00FF00"
    /// Parts of the payloads that no formula, defined name or header of the tool has.
    static let fragments = ["cmd|", "calc", "HYPERLINK", "SUM(1,2)", "SUM(A1)", "'=1", "R&D", "Arial", "K00FF00", "&P&N"]

    static func csv(_ rows: [[String]]) -> String {
        rows.map { $0.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// Nine units named by the payloads, and the department (กรม…, named by a payload and `&` codes)
    /// whose indicators form two annexes titled by payloads (one starting with `=`), with results in
    /// three rounds (the monitoring chart's series) and projects.
    static func injectionInputs() throws -> String {
        let p = payloads, n = payloads.count
        var divisions = [["division_id", "name", "short_name"]]
        for i in 0..<n { divisions.append(["P\(i)", p[i], p[(i + 1) % n]]) }
        divisions.append(["LED", "กรม" + p[0] + " " + ampersands, p[1]])
        var indicators = [["year", "division_id", "indicator_id", "name", "unit", "weight", "method", "direction", "t1", "t2", "t3", "t4", "t5",
                           "target", "rounds", "group", "redistribute_to", "late_penalty", "note", "annex"]]
        for i in 0..<n {
            let q = p[(i + 2) % n], r = p[(i + 3) % n]
            indicators.append(["2566", "P\(i)", "1.1", p[i], q, "60", "threshold", "higher", "80", "85", "90", "95", "100", "90", "",
                               r + " > " + p[i] + " > " + q, "", "", p[i] + " " + ampersands, ""])
            indicators.append(["2566", "P\(i)", "1.2", q, p[i], "40", "target_ratio", "higher", "", "", "", "", "", "80", "", p[i], "", "", q, ""])
        }
        let annexes = ["=HYPERLINK(\"http://x\",\"y\")", "+SUM(1,2) " + ampersands]
        for k in 0..<n {
            indicators.append(["2566", "LED", "\(k % 2 + 1).\(k + 1)", p[k], "ร้อยละ", "", "target_ratio", "higher", "", "", "", "", "", "90", "",
                               p[k] + " > " + p[(k + 4) % n], "", "", p[k], annexes[k % 2]])
        }
        var results = [["year", "division_id", "round", "indicator_id", "result", "numerator", "denominator", "level", "due_on", "reported_on", "note"]]
        for round in ["Q2", "Q3", "Q4"] {
            for i in 0..<n {
                results.append(["2566", "P\(i)", round, "1.1", "92.5", "", "", "", "", "", p[i]])
                results.append(["2566", "P\(i)", round, "1.2", "75", "", "", "", "", "", p[(i + 5) % n]])
            }
            for k in 0..<n { results.append(["2566", "LED", round, "\(k % 2 + 1).\(k + 1)", String(70 + 3 * k), "", "", "", "", "", p[k]]) }
        }
        var projects = [["year", "project_id", "plan", "name", "division", "indicator", "target", "budget", "disbursed", "round", "progress"]]
        for k in 0..<n {
            projects.append(["2566", String(k + 1), p[k], p[(k + 1) % n] + " " + ampersands, p[(k + 2) % n], p[(k + 3) % n], p[k],
                             "1000", "500", "Q4", String([0, 25, 50, 75, 100][k % 5])])
        }
        let folder = Repository.temporaryFolder("injection") + "/inputs"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, rows) in [("divisions.csv", divisions), ("indicators.csv", indicators), ("results.csv", results), ("projects.csv", projects)] {
            try csv(rows).write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// The text of every element named `names` (qualified, e.g. `c:f`), in document order; throws
    /// when the part is not well-formed XML.
    static func elementTexts(_ xml: String, _ names: Set<String>) throws -> [(name: String, text: String)] {
        final class Collector: NSObject, XMLParserDelegate {
            let names: Set<String>
            var found: [(name: String, text: String)] = []
            var current: String?
            var buffer = ""
            init(_ names: Set<String>) { self.names = names }
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if names.contains(name) { current = name; buffer = "" }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { if current != nil { buffer += string } }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                if name == current { found.append((name, buffer)); current = nil }
            }
        }
        let collector = Collector(names)
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = collector
        guard parser.parse(), parser.parserError == nil else {
            throw PublishingTool.Failure("not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?")")
        }
        return collector.found
    }

    /// An injected formula would keep its payload's text: a fragment, or a short payload as a formula of its own.
    static func looksInjected(_ formula: String) -> Bool {
        fragments.contains { formula.contains($0) }
            || formula.range(of: #"(^|[^A-Za-z0-9$.])(1\+1|2\+3)([^0-9]|$)"#, options: .regularExpression) != nil
    }

    @Test("texts that begin with = + - @ (and tab, space, CR) stay text everywhere: no formula, chart reference, defined name or header holds them, and & codes never reach a header, footer or property")
    func formulaInjection() throws {
        let inputs = try Self.injectionInputs()
        let out = Repository.temporaryFolder("injection-out")
        let result = try PublishingTool.build(inputs, out)
        #expect(result.status == 0, "\(result.stderr)")
        let round = out + "/2566/Q4"
        #expect(try ManifestFile.read(round + "/manifest.json").describes(round))
        let names = try FileManager.default.contentsOfDirectory(atPath: round).filter { $0.hasSuffix(".xlsx") }.sorted()
        #expect(names == ["LED.xlsx"] + (0..<Self.payloads.count).map { "P\($0).xlsx" } + ["department.xlsx"])
        let expected = Self.payloads.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let departmentName = "กรม" + Self.payloads[0] + " " + Self.ampersands

        var formulasChecked = 0, chartReferences = 0, footers = 0, literalHits = 0, seriesNames = 0
        var seriesTexts: [String] = []
        for name in names {
            let book = try XLSXPackage(round + "/" + name)
            // Every <f> of every sheet.
            for f in try book.formulas() {
                formulasChecked += 1
                #expect(!Self.looksInjected(f.formula), "\(name) \(f.sheet)!\(f.ref): =\(f.formula)")
            }
            // Every cell: a formula never yields an input text; the texts are literal strings.
            var literals: [String] = []
            for sheet in book.sheets {
                for (ref, cell) in try book.cells(sheet.name) {
                    guard let value = cell.value else { continue }
                    if cell.formula != nil {
                        #expect(!Self.fragments.contains { value.contains($0) }, "\(name) \(sheet.name)!\(ref): a formula whose value is an input text: \(value)")
                    } else if cell.type == "s" || cell.type == "inlineStr" {
                        literals.append(value)
                    }
                }
            }
            // Texts that are a cell of their own (names of units and indicators), and texts that are
            // part of one (a group heading, a title that names the unit).
            let own: [String], within: [String]
            switch name {
            case "department.xlsx": (own, within) = (expected, [departmentName])
            case "LED.xlsx": (own, within) = (expected + [departmentName], [])
            default:
                let i = Int(name.dropFirst().dropLast(5)) ?? 0
                (own, within) = ([expected[i], expected[(i + 2) % expected.count]], [expected[(i + 3) % expected.count]])
            }
            for text in own {
                #expect(literals.contains(text), "\(name): \(text.debugDescription) is a string cell of its own")
                if literals.contains(text) { literalHits += 1 }
            }
            for text in within {
                #expect(literals.contains { $0.contains(text) }, "\(name): \(text.debugDescription) is in a string cell")
                if literals.contains(where: { $0.contains(text) }) { literalHits += 1 }
            }
            if name == "department.xlsx" || name == "LED.xlsx" {
                for title in ["=HYPERLINK(\"http://x\",\"y\")", "+SUM(1,2) " + Self.ampersands] {
                    #expect(literals.contains { $0.hasSuffix(title) }, "\(name): the annex titled \(title) is headed by a string cell")
                }
            }

            for (part, text) in try book.allXMLText() {
                // Well-formed everywhere: an input's & or < written raw would break the part.
                _ = try Self.elementTexts(text, [])
                if part.hasPrefix("xl/charts/") {
                    for f in try Self.elementTexts(text, ["c:f"]) {
                        chartReferences += 1
                        #expect(!Self.looksInjected(f.text), "\(name) \(part): <c:f>\(f.text)")
                        #expect(f.text.range(of: #"^'[^']+'!\$[A-Z]+\$[0-9]+(:\$[A-Z]+\$[0-9]+)?$"#, options: .regularExpression) != nil,
                                "\(name) \(part): a chart reference is a plain range: \(f.text)")
                    }
                    // Series names: references to string cells holding the titles as text.
                    for serName in text.components(separatedBy: "<c:tx><c:strRef><c:f>").dropFirst() {
                        seriesNames += 1
                        let reference = String(serName.prefix { $0 != "<" })
                        guard let bang = reference.lastIndex(of: "!") else { continue }
                        let sheet = String(reference[..<bang].dropFirst().dropLast())
                        let ref = reference[reference.index(after: bang)...].replacingOccurrences(of: "$", with: "")
                        let cell = try book.cells(sheet)[ref]
                        #expect(cell?.formula == nil && (cell?.type == "s" || cell?.type == "inlineStr"), "\(name) \(part): series name \(reference) is a string cell")
                        if let value = cell?.value { seriesTexts.append(value) }
                    }
                }
                if part.hasPrefix("xl/worksheets/") {
                    for element in try Self.elementTexts(text, ["oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"]) {
                        footers += 1
                        #expect(element.text == ThaiLabels.pageFooter, "\(name) \(part): <\(element.name)>\(element.text)")
                    }
                    for element in try Self.elementTexts(text, ["formula", "formula1", "formula2"]) {
                        #expect(!Self.looksInjected(element.text), "\(name) \(part): <\(element.name)>\(element.text)")
                    }
                    #expect(!text.contains("<hyperlink"), "\(name) \(part): no hyperlinks")
                }
                if part == "xl/workbook.xml" {
                    for element in try Self.elementTexts(text, ["definedName"]) {
                        #expect(!Self.looksInjected(element.text), "\(name): defined name \(element.text)")
                    }
                }
                if part.hasSuffix(".rels") {
                    #expect(!text.contains("External"), "\(name) \(part): no external relationship")
                }
                if part == "docProps/app.xml" {
                    #expect(!Self.fragments.contains { text.contains($0) }, "\(name): app.xml holds no input text")
                }
                if part == "docProps/core.xml" {
                    let title = try Self.elementTexts(text, ["dc:title"]).first?.text ?? ""
                    let owner = name == "department.xlsx" || name == "LED.xlsx" ? departmentName : expected[Int(name.dropFirst().dropLast(5)) ?? 0]
                    if name == "department.xlsx" || name.hasPrefix("P") {
                        #expect(title.contains(owner), "\(name): the title names the unit as it is written: \(title)")
                    }
                }
            }
            #expect(try book.allXMLText().filter { $0.part.hasPrefix("xl/worksheets/sheet") }.allSatisfy { $0.text.contains("<oddFooter>") },
                    "\(name): every sheet has its page-number footer")
        }
        #expect(formulasChecked > 500 && chartReferences > 0 && footers > 0)
        // The monitoring chart: one series per annex, named by its title.
        for title in ["=HYPERLINK(\"http://x\",\"y\")", "+SUM(1,2) " + Self.ampersands] {
            #expect(seriesTexts.contains { $0.hasSuffix(" " + title) }, "a series named by the annex \(title): \(seriesTexts)")
        }
        print("PublishingTests.formulaInjection: \(Self.payloads.count) payloads (+ & codes) in \(names.count) workbooks; \(formulasChecked) <f>, "
              + "\(chartReferences) <c:f> (\(seriesNames) series names), \(footers) headers/footers checked; \(literalHits) expected texts found as string cells")
    }
}
