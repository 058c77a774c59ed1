import Dispatch
import FoundationEssentials
import KPIReportCore
import KPIReportIO

/// One run of the tool: read and validate the inputs (one stage, every problem at once), plan, then
/// for each round folder build the units' workbooks in a bounded pool of workers — a unit is read,
/// scored, laid out, written into the staging folder and let go — then the department workbook and the
/// manifest, and publish every folder as one transaction. Decisions are Core's; files are IO's.
public enum Run {
    /// The product's version, written into manifests.
    public static let version = "0.2.0"

    /// Carries out a request.
    public static func execute(_ request: Request) -> Outcome {
        var outcome = Outcome()
        var clock = Stopwatch()

        // Read and validate. Memory freed meanwhile goes back to the system after the allocator's delay,
        // as in the rest of the run: returned at once, every table the validator grows by doubling would
        // cost a ministry's run a second of system calls and page faults, for 3 MB less at its peak.
        let (files, scanFindings) = InputFolder.scan(request.inputs)
        let (validated, findings) = validate(files, scanFindings, request)
        // The validator's keys of every row are gone: give their pages back before units are built.
        ProcessMemory.returnFreePages()
        outcome.findings = findings
        outcome.timings.append(.ended("read and validate", after: clock.lap()))
        guard let catalog = validated else {
            outcome.status = .inputErrors
            return outcome
        }
        if request.checkOnly {
            outcome.folders = catalog.years.map { FolderSummary(year: $0.year, round: $0.round, folder: "", units: [], published: false) }
            return outcome
        }

        // Plan.
        let mode: RunPlan.Mode = request.merge ? .merge : request.shard.map(RunPlan.Mode.shard) ?? (request.divisions.isEmpty ? .whole : .divisions)
        let (planned, planFindings) = RunPlan.make(catalog, divisions: request.divisions, mode: mode)
        guard let plan = planned else {
            outcome.findings = Findings.sorted(findings + planFindings)
            outcome.status = .inputErrors
            return outcome
        }

        // Lock the outputs folder: one run at a time; the shards of one run side by side.
        let lock: OutputLock
        do throws(IOFailure) {
            try FileSystem.ensureFolder(request.outputs)
            lock = try OutputLock(outputs: request.outputs, mode: request.shard != nil ? .shared : .exclusive, wait: request.wait)
        } catch {
            outcome.status = error.kind == .busy ? .busy : .notPublished
            outcome.failure = error.description + (error.kind == .busy ? "" : "; nothing was changed")
            return outcome
        }
        defer { lock.release() }
        let key = request.shard != nil || request.merge ? sharedKey(files, request) : localKey()
        if case .shard = mode {} else {
            _ = try? Publisher.removeLeftovers(outputs: request.outputs, keep: request.merge ? [key] : [])
        }

        let layout = LayoutOptions(thaiDigits: request.thaiDigits, measure: TextMeasure(breaker: ICULineBreaker()))
        let warnings = findings.filter { $0.severity == .warning }.map(\.description)
        var stagings: [RoundStaging] = []
        let reader = RecordReader(files: files)
        // The run's entry in the manifest, made when a manifest is written (a ministry's inputs are many).
        let runEntry = {
            Manifest.Run(id: 1, version: version, options: request.recordedOptions,
                         inputs: files.map { Manifest.Input(path: relative($0.path, to: request.inputs), sha256: $0.sha256) })
        }
        do {
            for job in plan.jobs {
                let staging = try RoundStaging(outputs: request.outputs, year: job.year.year, round: job.year.round.code, key: key)
                stagings.append(staging)
                let summary = try build(job, catalog: catalog, mode: plan.mode, staging: staging, reader: reader, layout: layout,
                                        request: request, run: runEntry, warnings: warnings, outcome: &outcome, clock: &clock)
                outcome.folders.append(summary)
            }
            if request.shard == nil {
                // Publishing syncs every staging folder before the first swap.
                try Publisher.publish(stagings)
                outcome.timings.append(.ended("publish", after: clock.lap()))
            } else {
                for staging in stagings { try staging.sync() }
            }
        } catch {
            if request.shard == nil { for staging in stagings { staging.discard() } }
            outcome.status = .notPublished
            let folders = plan.jobs.map { "\(request.outputs)/\($0.year.year)/\($0.year.round.code)" }.joined(separator: ", ")
            outcome.failure = "\(error); nothing changed in \(folders)"
            outcome.filesWritten = 0
            return outcome
        }
        return outcome
    }

    /// Reads every file through the one validation stage: every problem, and the catalog when there is
    /// none. The validator's state ends here.
    private static func validate(_ files: [CSVFile], _ scanFindings: [Finding], _ request: Request) -> (Catalog?, [Finding]) {
        var validator = Validator(options: ValidationOptions(
            year: request.year, round: request.round, departmentIDs: request.departmentIDs,
            allowWeightGap: request.allowWeightGap, strict: request.strict, today: request.today))
        for finding in scanFindings { validator.record(finding) }
        validator.expectFiles(files.count)
        // With more than one job, a second thread parses the files ahead of the validator.
        ReadAhead.read(files, encoding: request.encoding, ahead: request.jobs > 1,
                       header: { file, header, line in
                           // A rules row takes more than 24 bytes: room for all of them at once, which
                           // costs no memory until the rows are there.
                           if file.file.kind == .indicators { validator.expectRules(Int(file.byteCount / 24)) }
                           return validator.begin(file.file, header: header, headerLine: line)
                       },
                       record: { validator.consume($0) },
                       problems: { file, found in for finding in found { validator.record(finding, in: file.file) } })
        return validator.finish()
    }

    /// Builds one round folder's files in its staging folder.
    private static func build(_ job: RunPlan.Job, catalog: Catalog, mode: RunPlan.Mode, staging: RoundStaging, reader: RecordReader,
                              layout: LayoutOptions, request: Request, run: () -> Manifest.Run, warnings: [String],
                              outcome: inout Outcome, clock: inout Stopwatch) throws -> FolderSummary {
        let year = job.year
        // Units, side by side.
        var units: [UnitFigures], files: [Manifest.File], stages: UnitPool.StageTimes
        // Where the workers' scratch folders go, chosen once for all of them.
        let scratchRoot = ScratchFolder.root()
        do {
            // The pool's results, split and let go (a ministry's units are tens of thousands).
            let (built, times) = try UnitPool.build(job.units, catalog: catalog, year: year, reader: reader, layout: layout,
                                                    staging: staging, scratchRoot: scratchRoot, jobs: request.jobs,
                                                    progress: request.progress)
            units = built.map(\.figures)
            files = built.map(\.file)
            stages = times
        }
        outcome.filesWritten += units.count
        // The workers' memory is free now: give it back before the department workbook is laid out.
        ProcessMemory.returnFreePages()
        outcome.timings.append(.ended("units \(year.year) \(year.round.code)", after: clock.lap()))
        outcome.timings.append(Outcome.Timing("  read rows (CPU, all workers)", stages.read))
        outcome.timings.append(Outcome.Timing("  score and lay out (CPU, all workers)", stages.layout))
        outcome.timings.append(Outcome.Timing("  write and digest (CPU, all workers; scratch in \(scratchRoot))", stages.write))

        if case .shard(let shard) = mode {
            let fragment = ShardFragment(shard: shard.index, of: shard.count, units: zip(units, files).map { Manifest.Unit($0, file: $1.path, round: year.round, run: 1) }, files: files)
            try staging.write(ShardFragment.name(shard), try ShardFragment.encode(fragment))
            return FolderSummary(year: year.year, round: year.round, folder: staging.finalPath, units: units, published: false)
        }
        if mode == .merge {
            let fragments = try ShardFragment.collect(staging, units: year.units)
            units = fragments.units
            files = fragments.files
            for name in fragments.names { try staging.remove(name) }
        }

        var department: Manifest.Department?
        if job.department {
            let departmentUnits = try year.units.filter(\.division.isDepartment).map { unit in
                try catalog.load(unit, of: year, read: { try reader.records(in: $0) })
            }
            let inputs = DepartmentInputs(fiscalYear: year.year, round: year.round, rounds: year.rounds, name: year.departmentName,
                                          units: units, departmentUnits: departmentUnits, projects: year.projects)
            let (book, figures) = DepartmentWorkbook.build(inputs, options: layout)
            let path = try staging.reserve("department.xlsx")
            try XLSXWriter.write(book, to: path)
            ProcessMemory.returnFreePages()
            files.append(try entry("department.xlsx", path))
            department = Manifest.Department(name: year.departmentName, file: "department.xlsx", figures: figures, run: 1)
            outcome.filesWritten += 1
            outcome.timings.append(.ended("department \(year.year) \(year.round.code)", after: clock.lap()))
        }
        if request.pdf {
            let workbooks = files.map(\.path).filter { $0.hasSuffix(".xlsx") }
            try LibreOfficePDF.convert(workbooks.map { staging.path + "/" + $0 }, into: staging.path)
            for workbook in workbooks {
                let pdf = String(workbook.dropLast(5)) + ".pdf"
                files.append(try entry(pdf, staging.path + "/" + pdf))
            }
            outcome.filesWritten += workbooks.count
            outcome.timings.append(.ended("pdf", after: clock.lap()))
        }
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        var manifest = Manifest(version: version, fiscalYear: year.year, round: year.round, rounds: year.rounds, runs: [run()],
                                files: files, units: Manifest.Units(figures: units, round: year.round, run: 1),
                                department: department, warnings: warnings)
        if mode == .divisions {
            manifest = try mergeWithPublished(manifest, staging: staging, rewritten: Set(files.map(\.path)))
        }
        try ManifestFile.write(manifest, into: staging)
        outcome.filesWritten += 1
        outcome.timings.append(.ended("manifest \(year.year) \(year.round.code)", after: clock.lap()))
        return FolderSummary(year: year.year, round: year.round, folder: staging.finalPath, units: units, published: true)
    }

    /// A `--division` run keeps the folder's other files and their manifest entries.
    private static func mergeWithPublished(_ manifest: Manifest, staging: RoundStaging, rewritten: Set<String>) throws -> Manifest {
        let previous = staging.publishedFile("manifest.json").flatMap { try? ManifestFile.decode($0) }
        let kept = try staging.publishedFiles().filter { $0 != "manifest.json" && !rewritten.contains($0) }
        try staging.carryOver(kept)
        var merged = previous.map { manifest.merged(into: $0) } ?? manifest
        // Every file beside the manifest, with its true digest (a file an older run left unlisted too).
        var files = merged.files.filter { rewritten.contains($0.path) || kept.contains($0.path) }
        for name in kept {
            let actual = try entry(name, staging.path + "/" + name)
            if let listed = files.firstIndex(where: { $0.path == name }) {
                if files[listed].sha256 != actual.sha256 { files[listed] = Manifest.File(path: name, sha256: actual.sha256, bytes: actual.bytes, run: 0) }
            } else {
                files.append(Manifest.File(path: name, sha256: actual.sha256, bytes: actual.bytes, run: 0))
            }
        }
        merged.files = files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return merged
    }

    static func entry(_ name: String, _ path: String) throws -> Manifest.File {
        let (sha, bytes) = try FileSystem.digest(path)
        return Manifest.File(path: name, sha256: sha, bytes: bytes, run: 1)
    }

    /// The staging key every shard of one run computes alike: from the inputs' digests and the options.
    static func sharedKey(_ files: [CSVFile], _ request: Request) -> String {
        let text = files.map { $0.file.name + ":" + $0.sha256 }.joined(separator: "\n") + "\n" + request.recordedOptions.joined(separator: " ")
        return String(Digest.sha256Hex(Array(text.utf8)).prefix(16))
    }

    /// A key of this run alone.
    static func localKey() -> String {
        "p\(ProcessInfo.processInfo.processIdentifier)r\(UInt32.random(in: 0...UInt32.max))"
    }

    static func relative(_ path: String, to folder: String) -> String {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

extension Outcome.Timing {
    /// A stage that has just ended, with the process's memory at that moment.
    static func ended(_ stage: String, after seconds: Double) -> Outcome.Timing {
        Outcome.Timing(stage, seconds, peak: ProcessMemory.peakResidentBytes(), resident: ProcessMemory.residentBytes(),
                       committed: ProcessMemory.allocatorCommittedBytes())
    }
}

/// Wall-clock time per stage.
struct Stopwatch {
    private var last = DispatchTime.now().uptimeNanoseconds

    /// Seconds since the previous lap.
    mutating func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return Double(now - last) / 1e9
    }
}
