import Foundation

/// The pipe a SIGINT handler writes one byte into; created before the handler is installed.
private let interruptPipe: (read: Int32, write: Int32) = {
    var descriptors: [Int32] = [-1, -1]
    _ = pipe(&descriptors)
    return (descriptors[0], descriptors[1])
}()

/// Ctrl-C for `codex ingest --watch`: the first stops the watching (between two documents), a
/// second exits at once.
///
/// A self-pipe rather than a `DispatchSource`: by the time watching starts, the ingest and
/// embedding phases have installed and removed their own SIGINT sources, and libdispatch does not
/// install its handler again for a new source on the same signal (measured: the second source
/// never fired). Writing to a pipe is async-signal-safe; a thread turns the byte into `action`.
final class WatchInterrupt: Sendable {
    init(_ action: @escaping @Sendable () -> Void) {
        let pipe = interruptPipe
        signal(SIGINT) { _ in
            var byte: UInt8 = 1
            _ = write(interruptPipe.write, &byte, 1)
        }
        let thread = Thread {
            var byte: UInt8 = 0
            var count = 0
            // Bounded by the process: the thread ends with it (a second Ctrl-C exits).
            while read(pipe.read, &byte, 1) == 1 {
                count += 1
                if count > 1 { exit(130) }
                Terminal.writeToStandardError("\ninterrupted: stopping the watch (Ctrl-C again to quit now)\n")
                action()
            }
        }
        thread.name = "codex.watch.interrupt"
        thread.start()
    }
}
