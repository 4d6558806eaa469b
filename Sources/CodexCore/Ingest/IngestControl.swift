import Foundation

/// Lets a caller stop an ingest between two documents (Ctrl-C), from any thread.
///
/// `@unchecked Sendable`: the flag and the handlers are only read and written under `lock`.
public final class IngestControl: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private var handlers: [@Sendable () -> Void] = []

    public init() {}

    public func cancel() {
        lock.lock()
        let first = !cancelled
        cancelled = true
        let run = handlers
        handlers = []
        lock.unlock()
        if first { run.forEach { $0() } }
    }

    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    /// Runs `handler` on `cancel()`, or at once if that already happened: how work that is not
    /// polling the flag (the embedding phase's task) learns of a Ctrl-C.
    func onCancel(_ handler: @escaping @Sendable () -> Void) {
        lock.lock()
        guard !cancelled else {
            lock.unlock()
            handler()
            return
        }
        handlers.append(handler)
        lock.unlock()
    }
}

/// A blocking first-in-first-out queue bounded by a cost (bytes), between the reading thread and
/// the writing thread, so memory stays bounded however large the corpus.
///
/// `@unchecked Sendable`: all state is read and written only while holding `condition`.
final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [(Element, Int)] = []
    private var head = 0
    private var cost = 0
    private let maxCost: Int

    init(maxCost: Int) { self.maxCost = maxCost }

    /// Waits while the queue is over its budget (an item larger than the budget still goes in alone).
    func push(_ element: Element, cost itemCost: Int) {
        condition.lock()
        while cost > 0 && cost + itemCost > maxCost { condition.wait() }
        items.append((element, itemCost))
        cost += itemCost
        condition.broadcast()
        condition.unlock()
    }

    /// The next element, waiting for one.
    func pop() -> Element {
        condition.lock()
        while head == items.count { condition.wait() }
        return take()
    }

    /// The next element if one is ready, without waiting.
    func popIfReady() -> Element? {
        condition.lock()
        guard head < items.count else {
            condition.unlock()
            return nil
        }
        return take()
    }

    /// Removes the head; called with the lock held, releases it.
    private func take() -> Element {
        let (element, itemCost) = items[head]
        head += 1
        if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        cost -= itemCost
        condition.broadcast()
        condition.unlock()
        return element
    }
}
