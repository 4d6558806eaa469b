import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A throw-away PostgreSQL 15 server for tests: `initdb` in a temporary folder, `pg_ctl start`
/// on a free loopback port, stopped (and its folder removed) when the test process exits.
///
/// Debian's binaries live in /usr/lib/postgresql/15/bin. `initdb` and `pg_ctl` refuse to run as
/// root, so as root they run as the `postgres` user (through `runuser`), in a folder it owns.
/// Durability is off (`fsync`, `synchronous_commit`, `full_page_writes`): the data is thrown
/// away anyway, and the suite runs several times faster.
public final class PostgresTestServer: Sendable {
    public static let binaries = "/usr/lib/postgresql/15/bin"
    public let port: Int
    public let directory: String
    private let databases = Atomic<Int>(0)

    /// The server of this test process, started on first use.
    public static func shared() throws -> PostgresTestServer {
        try started.withLock { started in
            if let server = started { return server }
            let server = try PostgresTestServer()
            started = server
            atexit { PostgresTestServer.started.withLock { $0?.stop() } }
            return server
        }
    }

    private static let started = Mutex<PostgresTestServer?>(nil)

    private init() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binaries + "/initdb") else {
            throw PostgresTestServerError(reason: "PostgreSQL 15 is not installed here: apt-get install postgresql-15")
        }
        directory = NSTemporaryDirectory() + "codex-pg-\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 { try Self.run("/bin/chown", ["postgres", directory]) }
        try Self.asOwner(
            Self.binaries + "/initdb",
            ["-D", directory + "/data", "-U", "codex", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C.UTF-8"])
        // A port found free may be taken before the server binds it: try a few.
        var lastError: (any Error)?
        var startedPort: Int?
        for _ in 0..<3 {
            let port = try Self.freePort()
            do {
                try Self.asOwner(
                    Self.binaries + "/pg_ctl",
                    [
                        "-D", directory + "/data", "-l", directory + "/log", "-w", "-t", "60", "start", "-o",
                        "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off "
                            + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                    ])
                startedPort = port
                break
            } catch {
                lastError = error
            }
        }
        guard let port = startedPort else {
            throw lastError ?? PostgresTestServerError(reason: "pg_ctl start failed")
        }
        self.port = port
        try Self.stopWhenProcessEnds(directory: directory)
    }

    /// A URL of the server's `postgres` database (user `codex`, no password).
    public var adminURL: String { url(database: "postgres") }

    public func url(database: String) -> String { "postgres://codex@127.0.0.1:\(port)/\(database)" }

    /// Creates an empty database and returns its URL.
    public func createDatabase() throws -> String {
        let name = "codex_test_\(getpid())_\(databases.add(1, ordering: .relaxed).newValue)"
        try Self.run(
            Self.binaries + "/psql",
            ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", adminURL, "-c", "CREATE DATABASE \(name)"])
        return url(database: name)
    }

    public func stop() {
        try? Self.asOwner(Self.binaries + "/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A watchdog that stops the server once this test process is gone, however it ended
    /// (`atexit` is skipped by a crash, a `kill -9` or a runner that ends with `_exit`).
    private static func stopWhenProcessEnds(directory: String) throws {
        let stop =
            (getuid() == 0 ? "/usr/sbin/runuser -u postgres -- " : "")
            + "\(binaries)/pg_ctl -D \(directory)/data -m immediate -w stop; rm -rf \(directory)"
        try run(
            "/bin/sh",
            ["-c", "(while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \(stop)) >/dev/null 2>&1 </dev/null &"])
    }

    private static func asOwner(_ path: String, _ arguments: [String]) throws {
        if getuid() == 0 {
            try run("/usr/sbin/runuser", ["-u", "postgres", "--", path] + arguments)
        } else {
            try run(path, arguments)
        }
    }

    /// Runs a program to its end, its output in a temporary file shown when it fails.
    ///
    /// posix_spawn and waitpid rather than Foundation's `Process`: `pg_ctl start` leaves the
    /// server running, and `Process.waitUntilExit` was seen never to return after it, with the
    /// child already exited; a pipe for its output would not reach its end either. Only standard
    /// input, output and error are passed on.
    private static func run(_ path: String, _ arguments: [String]) throws {
        let log = NSTemporaryDirectory() + "codex-pg-run-\(UUID().uuidString.prefix(8)).log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of this process goes with it: the server and the watchdog outlive the call,
        // and a file another test had open for writing when they started (a plugin script being
        // written) would stay open in them, so executing it failed with "text file busy".
        closeFrom?(&actions, 3)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw PostgresTestServerError(reason: "cannot run \(path): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // WIFEXITED and WEXITSTATUS are macros Swift cannot import.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw PostgresTestServerError(
                reason: "\(path) \(arguments.joined(separator: " ")) failed (status \(status)): \(output)")
        }
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift does not
    /// import from spawn.h; looked up by name.
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? =
        dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self) }

    /// A loopback port nothing listens on right now.
    private static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw PostgresTestServerError(reason: "socket() failed") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else { throw PostgresTestServerError(reason: "no free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

public struct PostgresTestServerError: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}
