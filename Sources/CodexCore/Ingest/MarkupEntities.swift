/// Decodes HTML/XML character references (`&amp;`, `&#233;`, `&#x2014;`) into UTF-8.
enum MarkupEntities {
    /// Appends the character the reference at `bytes[start]` (`&`) stands for, and returns the
    /// index after the reference; a `&` that starts no known reference is copied as is.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, into out: inout [UInt8]) -> Int {
        var semicolon = start + 1
        while semicolon < end && semicolon - start <= 12 && bytes[semicolon] != 0x3B { semicolon += 1 }
        guard semicolon < end, bytes[semicolon] == 0x3B, semicolon > start + 1 else {
            out.append(0x26)
            return start + 1
        }
        let name = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<semicolon])
        var scalar: UInt32?
        if name[0] == 0x23 {
            let isHex = name.count > 1 && (name[1] | 0x20) == 0x78
            let digits = String(decoding: UnsafeBufferPointer(rebasing: name[(isHex ? 2 : 1)...]), as: UTF8.self)
            scalar = UInt32(digits, radix: isHex ? 16 : 10)
        } else {
            scalar = named[String(decoding: name, as: UTF8.self)]
        }
        guard let value = scalar, let character = Unicode.Scalar(value), value != 0 else {
            out.append(0x26)
            return start + 1
        }
        // A non-breaking space reads as a space to search and to people.
        out.append(contentsOf: value == 0xA0 ? [0x20] : Array(String(Character(character)).utf8))
        return semicolon + 1
    }

    private static let named: [String: UInt32] = [
        "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27, "nbsp": 0xA0, "copy": 0xA9,
        "reg": 0xAE, "trade": 0x2122, "mdash": 0x2014, "ndash": 0x2013, "hellip": 0x2026, "laquo": 0xAB,
        "raquo": 0xBB, "lsquo": 0x2018, "rsquo": 0x2019, "ldquo": 0x201C, "rdquo": 0x201D, "bull": 0x2022,
        "middot": 0xB7, "times": 0xD7, "divide": 0xF7, "euro": 0x20AC, "pound": 0xA3, "yen": 0xA5,
        "cent": 0xA2, "deg": 0xB0, "plusmn": 0xB1, "para": 0xB6, "sect": 0xA7, "shy": 0xAD, "larr": 0x2190,
        "rarr": 0x2192, "uarr": 0x2191, "darr": 0x2193, "harr": 0x2194, "le": 0x2264, "ge": 0x2265,
        "ne": 0x2260, "eacute": 0xE9, "egrave": 0xE8, "agrave": 0xE0, "aacute": 0xE1, "ccedil": 0xE7,
        "uuml": 0xFC, "ouml": 0xF6, "auml": 0xE4, "szlig": 0xDF, "zwj": 0x200D, "zwnj": 0x200C, "thinsp": 0x2009,
        "ensp": 0x2002, "emsp": 0x2003,
    ]
}
