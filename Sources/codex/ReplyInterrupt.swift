import CodexCore
import Foundation

/// While a reply streams, Ctrl-C stops that reply (it is kept, marked incomplete); a second
/// Ctrl-C leaves at once.
final class ReplyInterrupt {
    private let source: any DispatchSourceSignal

    init(stop: ReplyStop) {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if stop.isStopped { exit(130) }
            Terminal.writeToStandardError("\n[stopping the reply]\n")
            stop.stop()
        }
        source.resume()
        self.source = source
    }

    func finish() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}

/// At the chat prompt, Ctrl-C leaves (after a newline, so the shell prompt starts clean).
final class PromptInterrupt {
    private var source: (any DispatchSourceSignal)?

    init() { resume() }

    func resume() {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            Terminal.writeToStandardError("\n")
            exit(130)
        }
        source.resume()
        self.source = source
    }

    func pause() {
        source?.cancel()
        source = nil
    }

    func finish() {
        pause()
        signal(SIGINT, SIG_DFL)
    }
}
