import Foundation

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
