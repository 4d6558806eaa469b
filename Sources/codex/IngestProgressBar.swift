import CodexCore
import Foundation

/// The ingest progress line on stderr: bar, files, MB, rate and ETA, redrawn at most 10 times a second.
struct IngestProgressBar {
    private var lastDraw = ContinuousClock.now - .seconds(1)
    private var drawn = false

    mutating func draw(_ progress: IngestProgress) {
        let now = ContinuousClock.now
        guard now - lastDraw >= .milliseconds(100) || progress.filesDone == progress.filesTotal else { return }
        lastDraw = now
        let width = 24
        let fraction = progress.bytesTotal > 0
            ? Double(progress.bytesDone) / Double(progress.bytesTotal)
            : (progress.filesTotal > 0 ? Double(progress.filesDone) / Double(progress.filesTotal) : 1)
        let filled = min(width, Int(fraction * Double(width)))
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        let megabytes = Double(progress.bytesDone) / 1_048_576
        let rate = progress.seconds > 0 ? megabytes / progress.seconds : 0
        var eta = "--:--"
        if rate > 0 {
            let remaining = Double(progress.bytesTotal - progress.bytesDone) / 1_048_576 / rate
            eta = String(format: "%d:%02d", Int(remaining) / 60, Int(remaining) % 60)
        }
        let line = String(
            format: "[%@] %d/%d files  %.1f/%.1f MB  %.1f MB/s  ETA %@", bar, progress.filesDone, progress.filesTotal,
            megabytes, Double(progress.bytesTotal) / 1_048_576, rate, eta)
        Terminal.writeToStandardError("\r\u{1B}[K" + line)
        drawn = true
    }

    func clear() {
        if drawn { Terminal.writeToStandardError("\r\u{1B}[K") }
    }
}

/// Turns Ctrl-C into a request to stop between two files; a second Ctrl-C exits at once (the
/// store stays consistent either way: every document is its own transaction).
final class InterruptHandler {
    private let source: any DispatchSourceSignal

    init(_ onInterrupt: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let count = InterruptCount()
        source.setEventHandler {
            if count.increment() > 1 { exit(130) }
            Terminal.writeToStandardError("\ninterrupted: finishing the current file (Ctrl-C again to quit now)\n")
            onInterrupt()
        }
        source.resume()
        self.source = source
    }

    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}

/// `@unchecked Sendable`: the counter is only touched under its lock, from the signal queue.
private final class InterruptCount: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
