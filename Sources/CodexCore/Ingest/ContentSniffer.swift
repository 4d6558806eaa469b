/// Tells text from binary by looking at the first bytes, as `git` and `grep` do.
enum ContentSniffer {
    /// How many leading bytes are examined.
    static let sampleSize = 8192

    /// True when the first bytes contain a NUL or are not valid UTF-8 (a sequence cut by the end
    /// of the sample is fine).
    static func looksBinary(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = min(bytes.count, sampleSize)
        var i = 0
        while i < count {
            let byte = bytes[i]
            if byte < 0x80 {
                if byte == 0 { return true }
                i += 1
                continue
            }
            let length: Int
            switch byte {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return true
            }
            if i + length > count { return count == sampleSize ? false : true }
            for j in 1..<length where bytes[i + j] & 0xC0 != 0x80 { return true }
            i += length
        }
        return false
    }
}
