import CodexCore
import Foundation

/// A one-line progress bar on stderr, redrawn at most every 100 ms; silent when not wanted.
struct ProgressBar {
    let enabled: Bool
    private var lastDraw: UInt64 = 0
    private var drawn = false

    init(enabled: Bool) {
        self.enabled = enabled
    }

    mutating func update(_ progress: BundleProgress) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard progress.done >= progress.total || now - lastDraw > 100_000_000 else { return }
        lastDraw = now
        drawn = true
        let fraction = progress.total > 0 ? min(1, Double(progress.done) / Double(progress.total)) : 1
        let filled = Int(fraction * 30)
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled)
        Terminal.writeToStandardError(
            "\r\u{1B}[K\(progress.phase.rawValue) [\(bar)] \(Int(fraction * 100))%")
    }

    /// Clears the bar so results print on a clean line.
    func finish() {
        if enabled && drawn { Terminal.writeToStandardError("\r\u{1B}[K") }
    }
}
