import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How `codex ingest --watch` learns that files changed.
public enum WatchBackend: String, Sendable, CaseIterable, Codable {
    /// inotify where it works, polling where it does not (another OS, or the watch limit reached).
    case auto
    /// Linux inotify: a watch per folder, woken by the kernel.
    case inotify
    /// Walks the roots every interval and compares sizes and times.
    case poll
}

/// Wakes a watcher when something under the roots may have changed; reading is done by a normal
/// incremental ingest, so a spurious wake-up costs one walk and changes nothing.
///
/// The waiting runs on its own thread (it blocks in `poll(2)` or sleeps), never on the
/// cooperative pool; `changes` delivers at most one pending signal however many events came.
///
/// `@unchecked Sendable`: `stopped`, `active` and `reason` are only read and written under `lock`;
/// the inotify descriptor and the watch table are used by the waiting thread alone once it started.
final class ChangeSource: @unchecked Sendable {
    let changes: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let roots: [String]
    private let ignoredPaths: Set<String>
    private let pollInterval: Duration
    private let lock = NSLock()
    private var stopped = false
    private var active: WatchBackend
    private var reason: String?
    /// Test seam: behave as if the kernel allowed only this many inotify watches.
    private let watchLimit: Int?

    #if os(Linux)
        private var descriptor: Int32 = -1
        private var directories: [Int32: String] = [:]
    #endif

    /// Starts watching; with `.auto` or `.inotify`, falls back to polling when inotify cannot
    /// watch every folder (the reason is in `fallbackReason`).
    init(
        roots: [String], backend: WatchBackend, ignoredPaths: Set<String>, pollInterval: Duration,
        watchLimit: Int? = nil
    ) {
        (changes, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.roots = roots
        self.ignoredPaths = ignoredPaths
        self.pollInterval = pollInterval
        self.watchLimit = watchLimit
        active = .poll
        #if os(Linux)
            if backend != .poll {
                if let failure = startInotify() {
                    reason = failure
                    if descriptor >= 0 { close(descriptor) }
                    descriptor = -1
                    directories = [:]
                } else {
                    active = .inotify
                }
            }
        #else
            if backend != .poll { reason = "inotify exists only on Linux" }
        #endif
        let usesInotify = active == .inotify
        // The polling baseline is taken now, so a change made right after `init` is seen.
        let baseline = usesInotify ? [] : snapshot()
        let thread = Thread { [self] in
            if usesInotify { waitForInotify() } else { pollForChanges(since: baseline) }
            continuation.finish()
        }
        thread.name = "codex.watch"
        thread.start()
    }

    /// The backend in use after any fallback.
    var backend: WatchBackend {
        lock.lock()
        defer { lock.unlock() }
        return active
    }

    /// Why inotify was given up, when it was.
    var fallbackReason: String? {
        lock.lock()
        defer { lock.unlock() }
        return reason
    }

    private func fallBack(_ why: String) {
        lock.lock()
        active = .poll
        reason = why
        lock.unlock()
    }

    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    // MARK: Polling

    /// Walks the roots every `pollInterval` and signals when the files' sizes and times differ.
    private func pollForChanges(since baseline: Set<FileFacts>) {
        var last = baseline
        while !isStopped {
            var waited = Duration.zero
            while waited < pollInterval && !isStopped {
                usleep(50_000)
                waited += .milliseconds(50)
            }
            if isStopped { break }
            let now = snapshot()
            if now != last { continuation.yield() }
            last = now
        }
    }

    private func snapshot() -> Set<FileFacts> {
        let walker = FileWalker(excludedPaths: ignoredPaths)
        var files = Set<FileFacts>()
        for root in roots { files.formUnion((try? walker.walk(root: root).files) ?? []) }
        return files
    }

    // MARK: inotify

    #if os(Linux)
        private static let mask: UInt32 =
            UInt32(IN_CREATE) | UInt32(IN_DELETE) | UInt32(IN_CLOSE_WRITE) | UInt32(IN_MODIFY) | UInt32(IN_MOVED_FROM)
            | UInt32(IN_MOVED_TO) | UInt32(IN_ATTRIB) | UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF)

        /// Watches every folder under the roots (and a file given as a root's folder); the error, if any.
        private func startInotify() -> String? {
            descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            guard descriptor >= 0 else { return "inotify unavailable: \(String(cString: strerror(errno)))" }
            for root in roots {
                let isDirectory = FileStatus.of(root, followingLinks: true)?.type == .directory
                if let failure = watchTree(isDirectory ? root : (root as NSString).deletingLastPathComponent) {
                    return failure
                }
            }
            return nil
        }

        /// Adds a watch on `directory` and every folder under it the walker would enter.
        private func watchTree(_ directory: String, depth: Int = 0) -> String? {
            guard depth < 256 else { return nil }
            if let watchLimit, directories.count >= watchLimit { return Self.limitReached }
            let wd = inotify_add_watch(descriptor, directory, Self.mask | UInt32(IN_ONLYDIR))
            if wd < 0 {
                if errno == ENOSPC { return Self.limitReached }
                return nil  // vanished or unreadable: the next ingest reports it
            }
            directories[wd] = directory
            for (name, type) in FileWalker.listDirectory(directory) ?? [] where type == .directory {
                guard !Self.isIgnoredName(name) else { continue }
                if let failure = watchTree(directory + "/" + name, depth: depth + 1) { return failure }
            }
            return nil
        }

        private static let limitReached = "the inotify watch limit is reached (raise fs.inotify.max_user_watches)"

        private static func isIgnoredName(_ name: String) -> Bool {
            name.hasPrefix(".") || FileWalker.skippedDirectoryNames.contains(name)
        }

        private func waitForInotify() {
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while !isStopped {
                var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let ready = poll(&request, 1, 200)
                guard ready > 0 else { continue }
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                guard count > 0 else { continue }
                let (relevant, failure) = handle(buffer, count: count)
                if let failure {
                    // A new folder could not be watched: inotify no longer sees everything, so
                    // polling takes over for the rest of the run.
                    close(descriptor)
                    descriptor = -1
                    let baseline = snapshot()
                    fallBack(failure)
                    continuation.yield()
                    pollForChanges(since: baseline)
                    return
                }
                if relevant { continuation.yield() }
            }
            close(descriptor)
        }

        /// Reads a batch of events: whether one may concern a file codex indexes, and why a new
        /// folder could not be watched, if one could not.
        private func handle(_ buffer: [UInt8], count: Int) -> (relevant: Bool, failure: String?) {
            var failure: String?
            var relevant = false
            var offset = 0
            let header = MemoryLayout<inotify_event>.size
            while offset + header <= count {
                let (wd, mask, length) = buffer.withUnsafeBytes { raw in
                    (
                        raw.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                        raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                        Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                    )
                }
                let nameBytes = buffer[(offset + header)..<min(count, offset + header + length)].prefix { $0 != 0 }
                let name = String(decoding: nameBytes, as: UTF8.self)
                offset += header + length
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    relevant = true
                    continue
                }
                if mask & UInt32(IN_IGNORED) != 0 {
                    directories[wd] = nil
                    continue
                }
                guard let directory = directories[wd] else { continue }
                if name.isEmpty {
                    // The watched folder itself was deleted or moved.
                    relevant = true
                    continue
                }
                guard !Self.isIgnoredName(name) else { continue }
                let path = directory + "/" + name
                if ignoredPaths.contains(path) { continue }
                if mask & UInt32(IN_ISDIR) != 0 && mask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)) != 0 {
                    failure = failure ?? watchTree(path)
                }
                relevant = true
            }
            return (relevant, failure)
        }
    #else
        private func waitForInotify() {}
    #endif
}
