import Dispatch
import Glibc
import KPIReportCore
import KPIReportIO

/// Builds units side by side in a bounded pool of workers: each worker takes the next unit, reads its
/// rows, lays out and evaluates its workbook, writes it into the staging folder and lets it go. Results
/// keep the units' order, so the output does not depend on which worker built what.
enum UnitPool {
    /// A unit built: its figures and its file's manifest entry.
    struct Built: Sendable {
        let figures: UnitFigures
        let file: Manifest.File
    }

    /// CPU seconds spent in each stage, summed over the workers.
    struct StageTimes: Sendable {
        var read = 0.0, layout = 0.0, write = 0.0
    }

    static func build(_ units: [UnitEntry], catalog: Catalog, year: YearCatalog, reader: RecordReader, layout: LayoutOptions,
                      staging: RoundStaging, scratchRoot: String, jobs: Int, progress: Bool) throws -> (built: [Built], stages: StageTimes) {
        guard !units.isEmpty else { return ([], StageTimes()) }
        let state = State(count: units.count)
        let workers = max(1, min(jobs, units.count))
        let started = DispatchTime.now().uptimeNanoseconds
        let showProgress = progress && Console.errorIsTerminal
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var times = StageTimes()
            var clock = ThreadClock()
            let memo = MeasureMemo(layout.measure)
            let scratch: ScratchFolder
            do { scratch = try ScratchFolder(in: scratchRoot) } catch {
                state.fail("\(error)")
                return
            }
            defer { scratch.remove() }
            while let i = state.next() {
                let unit = units[i]
                do {
                    let inputs = try catalog.load(unit, of: year, read: { try reader.records(in: $0) })
                    times.read += clock.lap()
                    let (book, figures) = UnitWorkbook.build(inputs, options: layout, memo: memo)
                    times.layout += clock.lap()
                    let name = unit.division.id.value + ".xlsx"
                    let path = try staging.reserve(name)
                    try XLSXWriter.write(book, to: path, scratch: scratch)
                    let (sha, bytes) = try FileSystem.digest(path)
                    times.write += clock.lap()
                    state.finish(i, Built(figures: figures, file: Manifest.File(path: name, sha256: sha, bytes: bytes, run: 1)))
                } catch {
                    state.fail("\(unit.division.id.value).xlsx: \(error)")
                }
                if showProgress { state.report(started: started) }
            }
            state.add(times)
        }
        if showProgress { Console.progress(""); Console.error("") }
        if let failure = state.failure { throw BuildFailure(message: failure) }
        return (state.results.compactMap { $0 }, state.stages)
    }

    /// CPU time of the calling thread.
    struct ThreadClock {
        private var last = ThreadClock.now()

        static func now() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
        }

        /// CPU seconds since the previous lap.
        mutating func lap() -> Double {
            let now = ThreadClock.now()
            defer { last = now }
            return now - last
        }
    }

    /// The first unit that could not be built.
    struct BuildFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Shared between workers: the next unit to take, the results in order, the first failure.
    final class State: @unchecked Sendable {
        private let lock = Lock()
        private var index = 0
        private var done = 0
        private var lastReport: UInt64 = 0
        private(set) var results: [Built?]
        private(set) var failure: String?
        private(set) var stages = StageTimes()

        init(count: Int) { results = Array(repeating: nil, count: count) }

        func next() -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard failure == nil, index < results.count else { return nil }
            index += 1
            return index - 1
        }

        func finish(_ i: Int, _ built: Built) {
            lock.lock(); defer { lock.unlock() }
            results[i] = built
            done += 1
        }

        func add(_ times: StageTimes) {
            lock.lock(); defer { lock.unlock() }
            stages.read += times.read
            stages.layout += times.layout
            stages.write += times.write
        }

        func fail(_ message: String) {
            lock.lock(); defer { lock.unlock() }
            if failure == nil { failure = message }
        }

        /// Units done / total, elapsed and an estimate of what is left, at most five times a second.
        func report(started: UInt64) {
            lock.lock(); defer { lock.unlock() }
            let now = DispatchTime.now().uptimeNanoseconds
            guard now - lastReport > 200_000_000 || done == results.count else { return }
            lastReport = now
            let elapsed = Double(now - started) / 1e9
            let left = done > 0 ? elapsed / Double(done) * Double(results.count - done) : 0
            Console.progress("\(done)/\(results.count) units, \(Int(elapsed)) s, about \(Int(left.rounded())) s left")
        }
    }
}
