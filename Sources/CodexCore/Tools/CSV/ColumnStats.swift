import Foundation

/// Running statistics of one CSV column in bounded memory.
///
/// Counts, missing values, min, max and mean are exact. The median is exact while the column has
/// at most `exactMedianLimit` numbers; past that it is the median of a uniform reservoir sample
/// of that many values (Algorithm R, seeded, so the same file gives the same figure). Top text
/// values are counted exactly for the first `distinctLimit` distinct values; later new values
/// are only counted as "other", so top values are exact whenever `distinctIsExact`.
struct ColumnStats {
    static let exactMedianLimit = 100_000
    static let distinctLimit = 10_000

    var name: String
    var present = 0
    var missing = 0
    var integers = 0
    var numbers = 0
    var booleans = 0
    var minimum = Double.infinity
    var maximum = -Double.infinity
    var sum = 0.0
    var sample: [Double] = []
    var seen = 0
    var counts: [String: Int] = [:]
    var distinctIsExact = true
    var random = SplitMix(seed: 0x5EED)

    init(name: String) { self.name = name }

    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        let trimmed = Self.trim(bytes)
        if trimmed.isEmpty {
            missing += 1
            return
        }
        if let (value, isInteger) = Self.parseNumber(trimmed) {
            present += 1
            numbers += 1
            if isInteger { integers += 1 }
            minimum = Swift.min(minimum, value)
            maximum = Swift.max(maximum, value)
            sum += value
            seen += 1
            if sample.count < Self.exactMedianLimit {
                sample.append(value)
            } else {
                let slot = Int(random.next() % UInt64(seen))
                if slot < Self.exactMedianLimit { sample[slot] = value }
            }
            // Numbers are summarised by their statistics; their distinct values are not counted.
            return
        }
        let word = Self.packedLowercase(trimmed)
        if let word, Self.missingWords.contains(word) {
            missing += 1
            return
        }
        present += 1
        if let word, Self.booleanWords.contains(word) { booleans += 1 }
        let text = String(decoding: trimmed, as: UTF8.self)
        if let count = counts[text] {
            counts[text] = count + 1
        } else if counts.count < Self.distinctLimit {
            counts[text] = 1
        } else {
            distinctIsExact = false
        }
    }

    /// Short ASCII words, lowercased and packed into an integer, so checking a field against
    /// "NA" or "true" costs no allocation.
    static func packedLowercase<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64? {
        guard bytes.count <= 8 else { return nil }
        var packed: UInt64 = 0
        for byte in bytes {
            guard byte < 0x80 else { return nil }
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            packed = packed << 8 | UInt64(lower)
        }
        return packed
    }

    static let missingWords: Set<UInt64> = Set(
        ["na", "n/a", "null", "nan", "none", "-"].compactMap { packedLowercase(Array($0.utf8)) })
    static let booleanWords: Set<UInt64> = Set(
        ["true", "false", "yes", "no"].compactMap { packedLowercase(Array($0.utf8)) })

    /// integer, number, boolean or text: the narrowest type every present value fits.
    var type: String {
        if present == 0 { return "empty" }
        if integers == present { return "integer" }
        if numbers == present { return "number" }
        if booleans == present { return "boolean" }
        return numbers * 10 >= present * 9 ? "mostly number" : "text"
    }

    var median: Double? {
        guard !sample.isEmpty else { return nil }
        let sorted = sample.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    var medianIsExact: Bool { seen <= Self.exactMedianLimit }

    func topValues(_ count: Int) -> [(value: String, count: Int)] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(count).map {
            ($0.key, $0.value)
        }
    }

    static func trim(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// A decimal number without allocating: integers exactly, decimals and exponents via strtod.
    static func parseNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> (Double, isInteger: Bool)? {
        guard bytes.count > 0, bytes.count < 40 else { return nil }
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        guard index < bytes.count else { return nil }
        var integer: Int64 = 0
        var digits = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, digits < 18 {
            integer = integer * 10 + Int64(bytes[index] - 0x30)
            index += 1
            digits += 1
        }
        if index == bytes.count && digits > 0 { return (Double(negative ? -integer : integer), true) }
        // Decimals, exponents, long integers: only characters a number can have, then strtod.
        for byte in bytes
        where
            !((byte >= 0x30 && byte <= 0x39) || byte == 0x2E || byte == 0x2D || byte == 0x2B
            || byte == 0x65 || byte == 0x45)
        { return nil }
        var buffer = [CChar](repeating: 0, count: bytes.count + 1)
        for (offset, byte) in bytes.enumerated() { buffer[offset] = CChar(bitPattern: byte) }
        return buffer.withUnsafeBufferPointer { pointer -> (Double, isInteger: Bool)? in
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(pointer.baseAddress!, &end)
            guard let end, end - UnsafeMutablePointer(mutating: pointer.baseAddress!) == bytes.count, value.isFinite
            else { return nil }
            return (value, false)
        }
    }
}

/// A small deterministic generator for the reservoir sample.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
