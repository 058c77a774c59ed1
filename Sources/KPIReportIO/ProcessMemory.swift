import CGlibc

/// The process's memory, as the allocator holds it.
public enum ProcessMemory {
    /// Gives the pages the allocator holds free back to the system (glibc keeps them for reuse): after
    /// validation, whose keys of a whole ministry are freed at once, and now and then while units are
    /// built, so the peak resident size does not grow with the number of units.
    public static func returnFreePages() {
        _ = cglibc_malloc_trim()
    }

    /// The largest resident size the process has had so far (`VmHWM` in /proc/self/status), in bytes;
    /// nil where the system does not say.
    public static func peakResidentBytes() -> Int? { status("VmHWM:") }

    /// Bytes the allocator has handed out and not had back: what the program holds, without the pages
    /// the allocator keeps free.
    public static func heapInUseBytes() -> Int { Int(cglibc_heap_in_use()) }

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
