import Foundation

/// Sizes as people write them: `32M`, `512k`, `1.5G`, `1000` (bytes); powers of 1024.
public enum ByteCount {
    /// Parses a size; nil when it is not a positive size.
    public static func parse(_ text: String) -> Int64? {
        var number = text.trimmingCharacters(in: .whitespaces).lowercased()
        for suffix in ["ib", "b"] where number.hasSuffix(suffix) && number.count > suffix.count {
            number.removeLast(suffix.count)
            break
        }
        var multiplier: Double = 1
        if let last = number.last, let power = ["k": 1, "m": 2, "g": 3, "t": 4][last] {
            multiplier = pow(1024, Double(power))
            number.removeLast()
        }
        guard let value = Double(number), value > 0, value.isFinite else { return nil }
        let bytes = value * multiplier
        guard bytes < Double(Int64.max) else { return nil }
        return Int64(bytes.rounded())
    }

    /// "512 B", "3.4 KiB", "40.0 MiB", "1.2 GiB".
    public static func format(_ bytes: Int64) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        guard bytes >= 1024 else { return "\(bytes) B" }
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return String(format: "%.1f %@", value, units[unit])
    }
}
