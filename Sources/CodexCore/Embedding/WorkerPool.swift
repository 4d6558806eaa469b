import Foundation
import Synchronization

/// A few long-lived threads that run the encoder's phases: `run(n) { i in … }` calls the body
/// for every `i` in `0..<n` at once (the caller takes `i == 0`) and returns when all are done.
///
/// Why not `DispatchQueue.concurrentPerform`: one 10-token query runs ~30 phases of a few
/// dozen microseconds each, and waking a sleeping dispatch worker for each cost a large share of
/// them. Here a worker that has just finished spins for a moment before it sleeps, so within
/// one encode every hand-off is an atomic store, and between encodes the threads sleep. The
/// same threads serve the whole process, so their OpenBLAS buffers and malloc arenas are made
/// once instead of following dispatch's thread churn.
final class WorkerPool: Sendable {
    let threads: Int
    private let state: State

    /// `threads` workers in all (at most 64), the caller included: `threads - 1` threads are
    /// started, and stopped when the pool is released.
    init(threads: Int) {
        self.threads = min(max(1, threads), 64)
        state = State(workers: self.threads - 1)
        for worker in 1..<max(1, self.threads) {
            let state = state
            let thread = Thread { state.work(worker) }
            thread.name = "codex.embed.\(worker)"
            thread.start()
        }
    }

    deinit {
        state.stop()
    }

    /// Runs `body(0..<count)`, `count` at most `threads`, and returns when every call returned.
    /// Calls must not overlap (the embedder runs one batch at a time on its own queue).
    func run(_ count: Int, _ body: @escaping (Int) -> Void) {
        precondition(count <= threads, "more items than workers")
        if count <= 1 {
            if count == 1 { body(0) }
            return
        }
        state.run(count, body)
    }

    /// What the caller and the worker threads share; the threads keep it alive until they exit.
    ///
    /// `@unchecked Sendable`: `job` and `jobCount` are written by the one caller of `run` before
    /// `generation` is bumped and read by workers only after they observe that bump (both
    /// sequentially consistent), and cleared only once every worker has reported back through
    /// `remaining`; every other field is an atomic or a semaphore.
    private final class State: @unchecked Sendable {
        let workers: Int
        let generation = Atomic<Int>(0)
        let remaining = Atomic<Int>(0)
        let stopping = Atomic<Bool>(false)
        /// Bit `slot` is set while worker `slot + 1` sleeps (or is about to) on `wakeUps[slot]`.
        let sleeping = Atomic<UInt64>(0)
        let wakeUps: [DispatchSemaphore]
        var job: ((Int) -> Void)?
        var jobCount = 0

        /// Spins of a thread waiting for the next phase before it yields or sleeps (~50 µs).
        static let spins = 20_000

        init(workers: Int) {
            self.workers = workers
            wakeUps = (0..<workers).map { _ in DispatchSemaphore(value: 0) }
        }

        func run(_ count: Int, _ body: @escaping (Int) -> Void) {
            job = body
            jobCount = count
            remaining.store(workers, ordering: .sequentiallyConsistent)
            bumpAndWake()
            body(0)
            // The workers finish within microseconds of the caller: spin, then yield the core.
            var spins = 0
            while remaining.load(ordering: .acquiring) > 0 {
                spins += 1
                if spins > Self.spins { sched_yield() }
            }
            job = nil
        }

        func stop() {
            stopping.store(true, ordering: .sequentiallyConsistent)
            bumpAndWake()
        }

        /// Publishes a new phase and wakes whoever went to sleep. The sleeping bits and the
        /// generation are a Dekker pair (each side writes one, then reads the other), which is
        /// why both sides use sequentially consistent ordering: no wake-up can be lost.
        private func bumpAndWake() {
            generation.add(1, ordering: .sequentiallyConsistent)
            let asleep = sleeping.exchange(0, ordering: .sequentiallyConsistent)
            for slot in 0..<workers where asleep & (1 << UInt64(slot)) != 0 {
                wakeUps[slot].signal()
            }
        }

        func work(_ worker: Int) {
            let slot = worker - 1
            let bit: UInt64 = 1 << UInt64(slot)
            var seen = 0
            while true {
                var spins = 0
                while generation.load(ordering: .sequentiallyConsistent) == seen {
                    spins += 1
                    guard spins >= Self.spins else { continue }
                    sleeping.bitwiseOr(bit, ordering: .sequentiallyConsistent)
                    if generation.load(ordering: .sequentiallyConsistent) == seen {
                        wakeUps[slot].wait()
                    } else if sleeping.bitwiseAnd(~bit, ordering: .sequentiallyConsistent).oldValue & bit == 0 {
                        // The phase arrived while falling asleep and its caller already claimed
                        // the flag, so its signal is on the way: consume it.
                        wakeUps[slot].wait()
                    }
                    spins = 0
                }
                seen = generation.load(ordering: .sequentiallyConsistent)
                if stopping.load(ordering: .sequentiallyConsistent) { return }
                if worker < jobCount, let job { job(worker) }
                remaining.subtract(1, ordering: .sequentiallyConsistent)
            }
        }
    }
}
