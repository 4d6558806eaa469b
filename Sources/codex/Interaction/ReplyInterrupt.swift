import CodexCore
import Foundation
import Synchronization

/// Ctrl-C in `codex chat`: while a reply streams it stops that reply (kept, marked incomplete);
/// at the prompt, or a second time during a reply, it leaves. One signal source for the whole
/// command: creating and cancelling sources per reply loses signals on Linux.
final class ReplyInterrupt {
    private let current = CurrentReply()
    private let source: any DispatchSourceSignal

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [current] in
            guard let stop = current.stop.withLock({ $0 }), !stop.isStopped else {
                Terminal.writeToStandardError("\n")
                exit(130)
            }
            Terminal.writeToStandardError("\n[stopping the reply; Ctrl-C again to leave]\n")
            stop.stop()
        }
        source.resume()
    }

    /// Ctrl-C stops `stop` until `replyEnded()`.
    func replyStarted(_ stop: ReplyStop) { current.stop.withLock { $0 = stop } }

    func replyEnded() { current.stop.withLock { $0 = nil } }

    func finish() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}

/// The reply Ctrl-C would stop, shared with the signal handler.
private final class CurrentReply: Sendable {
    let stop = Mutex<ReplyStop?>(nil)
}
