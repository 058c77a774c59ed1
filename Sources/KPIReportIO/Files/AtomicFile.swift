import Foundation

/// Writes files so that a reader never sees half of one: the content goes to a temporary file in the
/// same folder, which is then renamed over the final name (an atomic step on one file system). An
/// interrupted run leaves last month's file as it was.
public enum AtomicFile {
    /// A failure to write or rename.
    public struct Failure: Error, CustomStringConvertible {
        /// The final path.
        public let path: String
        /// What went wrong.
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Creates the folder of `path` if needed, lets `produce` write to a temporary path beside it,
    /// then renames it into place. The temporary file is removed when `produce` throws.
    public static func write(_ path: String, produce: (String) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(path: path, reason: "cannot create folder \(folder.path): \(error.localizedDescription)")
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
        do {
            try produce(temporary)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw Failure(path: path, reason: "cannot move the new file into place: \(reason)")
        }
    }

    /// Writes bytes atomically.
    public static func write(_ path: String, data: Data) throws {
        try write(path) { temporary in
            do {
                try data.write(to: URL(fileURLWithPath: temporary))
            } catch {
                throw Failure(path: path, reason: error.localizedDescription)
            }
        }
    }
}
