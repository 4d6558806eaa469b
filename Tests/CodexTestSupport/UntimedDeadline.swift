extension ContinuousClock.Instant {
    /// The deadline for an exchange a test does not time. Swift Testing starts every test at once,
    /// and a task that resumes queues behind all the work queued before it: under load that wait
    /// can pass thirty seconds, so a short limit would measure the queue, not the code. This one
    /// only ends a test that hangs.
    public static var untimed: ContinuousClock.Instant { .now + .seconds(300) }
}
