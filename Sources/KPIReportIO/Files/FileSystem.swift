import FoundationEssentials

/// Small file operations the run needs besides staging and publishing.
public enum FileSystem {
    /// Creates a folder (and its parents) when missing.
    public static func ensureFolder(_ path: String) throws(IOFailure) {
        if let status = try Syscalls.status(path, followSymlinks: true) {
            guard status.type == .directory else { throw IOFailure(.output, "use", path: path, "it is a file, not a folder") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw IOFailure(.output, "create folder", path: path, "\(error)")
        }
    }

    /// SHA-256 (hex) and size of a file the run has just written into a staging folder.
    public static func digest(_ path: String) throws(IOFailure) -> (sha256: String, bytes: Int) {
        try Digest.sha256AndSize(file: path)
    }
}

extension RoundStaging {
    /// Names of the files of the currently published folder (empty when there is none).
    public func publishedFiles() throws(IOFailure) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: finalPath) else { return [] }
        return names.filter { !$0.hasPrefix(".") }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// A file of the staging folder.
    public func stagedFile(_ name: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path + "/" + name).map { Array($0) }
    }

    /// Removes a file from the staging folder.
    public func remove(_ name: String) throws(IOFailure) {
        do {
            try FileManager.default.removeItem(atPath: path + "/" + name)
        } catch {
            throw IOFailure(.output, "remove", path: path + "/" + name, "\(error)")
        }
    }
}
