#if canImport(Glibc)
import Glibc
#endif

/// Runs another program (LibreOffice) and waits for it: posix_spawn, its standard output and error
/// into one pipe read to the end, standard input from /dev/null.
enum Subprocess {
    /// A program that has finished.
    struct Finished {
        /// Its exit status (128 + the signal's number when a signal ended it).
        let status: Int32
        /// What it printed, standard output and error together.
        let output: [UInt8]
    }

    static func run(_ program: String, _ arguments: [String], environment: [String: String]) throws(IOFailure) -> Finished {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw IOFailure(.tool, "start", path: program, String(cString: strerror(errno))) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.sorted { $0.key < $1.key }.map { strdup($0.key + "=" + $0.value) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let started = posix_spawn(&pid, program, &actions, nil, argv, envp)
        close(fds[1])
        guard started == 0 else {
            close(fds[0])
            throw IOFailure(.tool, "start", path: program, String(cString: strerror(started)))
        }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 14)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if n > 0 { output.append(contentsOf: buffer[0..<n]); continue }
            if n < 0 && errno == EINTR { continue }
            break
        }
        close(fds[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { break }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import (they are macros).
        let signal = status & 0x7F
        return Finished(status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal, output: output)
    }
}
