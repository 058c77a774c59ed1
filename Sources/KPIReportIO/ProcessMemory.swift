import CGlibc

/// The process's memory, as the allocator holds it.
public enum ProcessMemory {
    /// Gives the pages the allocator holds free back to the system (glibc keeps them for reuse): after
    /// validation, whose keys of a whole ministry are freed at once, and now and then while units are
    /// built, so the peak resident size does not grow with the number of units.
    public static func returnFreePages() {
        _ = cglibc_malloc_trim()
    }
}
