import CodexCore
import Foundation
import Synchronization

/// The one progress line of every long command, on stderr: "LABEL [bar] NN%  DETAIL", redrawn at
/// most 10 times a second (and always at 100%), with the rate and time left worked out from when
/// the current label first appeared. Silent when progress is not wanted (--quiet, --json, no TTY).
final class ProgressLine: Sendable {
    private struct State {
        var lastDraw: ContinuousClock.Instant?
        var drawn = false
        var label = ""
        var labelStarted = ContinuousClock.now
    }

    private let enabled: Bool
    private let state = Mutex(State())

    init(enabled: Bool) { self.enabled = enabled }

    /// Draws `done` of `total`; `detail` gets the seconds since this label first appeared.
    func draw(_ label: String, done: Int64, total: Int64, detail: (_ elapsed: Double) -> String) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let elapsed: Double? = state.withLock { state in
            if state.label != label { (state.label, state.labelStarted) = (label, now) }
            if let last = state.lastDraw, now - last < .milliseconds(100), done < total { return nil }
            state.lastDraw = now
            state.drawn = true
            return (now - state.labelStarted).inSeconds
        }
        guard let elapsed else { return }
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let filled = Int(fraction * 24)
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: 24 - filled)
        let head = label.isEmpty ? "" : label + " "
        Terminal.writeToStandardError("\r\u{1B}[K\(head)[\(bar)] \(Int(fraction * 100))%  \(detail(elapsed))")
    }

    /// Clears the line so results print on a clean one.
    func clear() {
        if enabled && state.withLock({ $0.drawn }) { Terminal.writeToStandardError("\r\u{1B}[K") }
    }

    /// "0:36", the time left at the rate so far; "--:--" before there is a rate.
    static func timeLeft(done: Int64, total: Int64, elapsed: Double) -> String {
        guard done > 0, elapsed > 0 else { return "--:--" }
        let seconds = Int(Double(total - done) / (Double(done) / elapsed))
        return String(format: "%d:%02d", seconds / 60, seconds % 60)
    }
}

extension ProgressLine {
    /// Bundles and model archives: bytes and MB/s where the phase counts bytes (they run to gigabytes).
    func update(_ progress: BundleProgress) {
        draw(progress.phase.rawValue, done: Int64(progress.done), total: Int64(progress.total)) { elapsed in
            guard progress.phase.countsBytes else { return "" }
            var text = "\(ByteCount.format(Int64(progress.done))) of \(ByteCount.format(Int64(progress.total)))"
            if elapsed > 0.5 { text += String(format: ", %.0f MB/s", Double(progress.done) / 1e6 / elapsed) }
            return text
        }
    }

    /// The text phase of ingest: files, megabytes, rate and time left, by bytes read.
    func update(_ progress: IngestProgress) {
        let total = progress.bytesTotal > 0 ? progress.bytesTotal : Int64(progress.filesTotal)
        let done = progress.bytesTotal > 0 ? progress.bytesDone : Int64(progress.filesDone)
        draw("ingest", done: done, total: total) { _ in
            let megabytes = Double(progress.bytesDone) / 1_048_576
            let rate = progress.seconds > 0 ? megabytes / progress.seconds : 0
            return String(
                format: "%d/%d files  %.1f/%.1f MB  %.1f MB/s  ETA %@", progress.filesDone, progress.filesTotal,
                megabytes, Double(progress.bytesTotal) / 1_048_576, rate,
                Self.timeLeft(done: done, total: total, elapsed: progress.seconds))
        }
    }

    /// The embedding phase: chunks, chunks a second since it began (alongside the text phase) and time left.
    func update(_ progress: VectorBackfill.Progress, since start: ContinuousClock.Instant) {
        let (done, total) = (Int64(progress.embedded), Int64(progress.total))
        draw("embedding", done: done, total: total) { _ in
            let elapsed = (ContinuousClock.now - start).inSeconds
            return String(
                format: "%d/%d chunks  %.0f chunks/s  ETA %@", progress.embedded, progress.total,
                elapsed > 0 ? Double(progress.embedded) / elapsed : 0,
                Self.timeLeft(done: done, total: total, elapsed: elapsed))
        }
    }
}
