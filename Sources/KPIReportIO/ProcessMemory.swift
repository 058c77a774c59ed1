import CAllocator

/// The process's memory, as the allocator holds it.
public enum ProcessMemory {
    /// Gives the pages the allocator holds free back to the system (it keeps them for reuse): after
    /// validation, whose keys of a whole ministry are freed at once, after the units and after the
    /// department workbook, so that the peak resident size does not grow with the number of units.
    /// mimalloc's `mi_collect(true)`, with its delay set to none for the call: the calling thread's
    /// free pages and the segments it caches (a worker's free pages stay in its thread's heap, for its
    /// next units).
    public static func returnFreePages() {
        kpi_release_free_memory()
    }

    /// The largest resident size the process has had so far (`VmHWM` in /proc/self/status), in bytes;
    /// nil where the system does not say.
    public static func peakResidentBytes() -> Int? { status("VmHWM:") }

    /// Bytes the allocator has committed from the system: what the program holds, and the pages the
    /// allocator keeps free for it.
    public static func allocatorCommittedBytes() -> Int { Int(kpi_allocator_committed()) }

    /// The version of mimalloc when it is the process's malloc, as linked (e.g. 209 for 2.0.9); nil
    /// when malloc is another's (the C library's).
    public static var mimallocVersion: Int? {
        let version = Int(kpi_allocator_mimalloc_version())
        return version > 0 ? version : nil
    }

    /// The resident size now (`VmRSS`), in bytes; nil where the system does not say.
    public static func residentBytes() -> Int? { status("VmRSS:") }

    private static func status(_ key: String) -> Int? {
        guard let bytes = try? Folders.readWhole("/proc/self/status") else { return nil }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix(key) {
            return Int(line.dropFirst(key.count).filter(\.isNumber)).map { $0 * 1024 }
        }
        return nil
    }
}
