import Dispatch
import KPIReportCore
import KPIReportIO

/// Reads the input files for validation: on this thread one after another, or (`ahead`) on a second
/// thread that parses them (bytes, encoding, digest, libcsv) while this one validates what is parsed.
/// Either way the callbacks come on this thread, file by file in the files' order, each file's header,
/// its records and its problems, so validation sees the same thing and finds the same findings; and
/// either way the thread that reads opens each file a window of files ahead and asks the kernel for its
/// bytes (`Prefetch`), so that a cold cache is read from the disk while earlier files are parsed.
enum ReadAhead {
    /// Calls, for each file in order: `header` with its header row (false: skip its records), `record`
    /// with each record, `problems` with what reading it found.
    static func read(_ files: [CSVFile], encoding: TextEncoding?, ahead: Bool,
                     header: (CSVFile, [String], Int) -> Bool, record: (InputRecord) -> Void,
                     problems: (CSVFile, [Finding]) -> Void) {
        var prefetch = Prefetch(files)
        guard ahead, files.count > 1 else {
            for (i, file) in files.enumerated() {
                prefetch.upTo(i)
                let found = file.read(forcedEncoding: encoding, header: { header(file, $0, $1) }, record: record)
                problems(file, found)
            }
            return
        }
        let channel = Channel(capacity: Piece.waiting)
        let reader = DispatchGroup()
        DispatchQueue.global().async(group: reader) { [prefetch] in
            var prefetch = prefetch
            for (i, file) in files.enumerated() {
                prefetch.upTo(i)
                var piece = Piece(file: i)
                let found = file.read(forcedEncoding: encoding,
                                      header: { fields, line in
                                          piece.header = (fields, line)
                                          return true // the validator decides, on the calling thread; what it refuses is dropped there
                                      },
                                      record: { r in
                                          if piece.records.isEmpty { piece.records.reserveCapacity(Piece.size) }
                                          piece.records.append(r)
                                          if piece.records.count == Piece.size {
                                              channel.put(piece)
                                              piece = Piece(file: i)
                                          }
                                      })
                piece.problems = found
                channel.put(piece)
            }
        }
        var done = 0
        var accepted = false
        while done < files.count {
            let piece = channel.take()
            let file = files[piece.file]
            if let (fields, line) = piece.header { accepted = header(file, fields, line) }
            if accepted { for r in piece.records { record(r) } }
            if let found = piece.problems {
                problems(file, found)
                accepted = false
                done += 1
            }
        }
        reader.wait()
    }

    /// Files opened and asked of the disk ahead of their reading (`CSVFile.prefetch`), a window of them
    /// at a time, on the thread that reads them.
    struct Prefetch: Sendable {
        private let files: [CSVFile]
        private var next = 0
        /// Files asked ahead of the one being read.
        static let window = 32

        init(_ files: [CSVFile]) { self.files = files }

        /// Asks for every file up to `window` past file `i`.
        mutating func upTo(_ i: Int) {
            while next < min(files.count, i + Prefetch.window + 1) {
                files[next].prefetch()
                next += 1
            }
        }
    }

    /// Part of one file's reading: its header (in the first piece), records, and its problems (in the
    /// last: a file read whole in one piece has all three).
    struct Piece: Sendable {
        let file: Int
        var header: ([String], Int)?
        var records: [InputRecord] = []
        var problems: [Finding]?

        /// Records a piece holds at most.
        static let size = 256
        /// Pieces read and not yet validated, at most (memory stays bounded whatever the files' size).
        static let waiting = 4

        init(file: Int) { self.file = file }
    }

    /// A bounded queue from the reading thread to the validating one.
    final class Channel: @unchecked Sendable {
        private let lock = Lock()
        private var slots: [Piece?]
        private var head = 0
        private var count = 0
        private let filled = DispatchSemaphore(value: 0)
        private let space: DispatchSemaphore

        init(capacity: Int) {
            slots = Array(repeating: nil, count: capacity)
            space = DispatchSemaphore(value: capacity)
        }

        /// Adds a piece, waiting while the queue is full.
        func put(_ piece: Piece) {
            space.wait()
            lock.withLock {
                slots[(head + count) % slots.count] = piece
                count += 1
            }
            filled.signal()
        }

        /// The oldest piece, waiting while the queue is empty.
        func take() -> Piece {
            filled.wait()
            let piece = lock.withLock { () -> Piece in
                let piece = slots[head]!
                slots[head] = nil
                head = (head + 1) % slots.count
                count -= 1
                return piece
            }
            space.signal()
            return piece
        }
    }
}
