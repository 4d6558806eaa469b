import CodexCore
import Foundation

/// A one-line progress bar on stderr, redrawn at most every 100 ms; silent when not wanted.
/// Phases that count bytes also show how many and the rate: model archives run to gigabytes.
struct ProgressBar {
    let enabled: Bool
    private var lastDraw: UInt64 = 0
    private var drawn = false
    private var phaseStarted: (BundleProgress.Phase, UInt64)?

    init(enabled: Bool) {
        self.enabled = enabled
    }

    mutating func update(_ progress: BundleProgress) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        if phaseStarted?.0 != progress.phase { phaseStarted = (progress.phase, now) }
        guard progress.done >= progress.total || now - lastDraw > 100_000_000 else { return }
        lastDraw = now
        drawn = true
        let fraction = progress.total > 0 ? min(1, Double(progress.done) / Double(progress.total)) : 1
        let filled = Int(fraction * 30)
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled)
        var line = "\(progress.phase.rawValue) [\(bar)] \(Int(fraction * 100))%"
        if progress.phase.countsBytes {
            line += " \(ByteCount.format(Int64(progress.done))) of \(ByteCount.format(Int64(progress.total)))"
            let seconds = Double(now - (phaseStarted?.1 ?? now)) / 1e9
            if seconds > 0.5 { line += String(format: ", %.0f MB/s", Double(progress.done) / 1e6 / seconds) }
        }
        Terminal.writeToStandardError("\r\u{1B}[K" + line)
    }

    /// Clears the bar so results print on a clean line.
    func finish() {
        if enabled && drawn { Terminal.writeToStandardError("\r\u{1B}[K") }
    }
}
