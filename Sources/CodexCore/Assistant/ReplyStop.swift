import Synchronization

/// Stops a streaming turn while its consumer keeps reading: the reply is saved, marked
/// incomplete, and the stream still ends with `.finished`. This is what Ctrl-C in `codex chat`
/// uses; cancelling the consumer instead would end the stream before the save is reported.
public final class ReplyStop: Sendable {
    private struct State {
        var stopped = false
        var task: Task<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    /// Stops the turn it watches, now or as soon as one starts.
    public func stop() {
        let task = state.withLock { state -> Task<Void, Never>? in
            state.stopped = true
            return state.task
        }
        task?.cancel()
    }

    public var isStopped: Bool { state.withLock { $0.stopped } }

    func watch(_ task: Task<Void, Never>) {
        let stopNow = state.withLock { state -> Bool in
            state.task = task
            return state.stopped
        }
        if stopNow { task.cancel() }
    }
}
