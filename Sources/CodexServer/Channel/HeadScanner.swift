/// Finds where an HTTP/1 request head (request line and headers) ends in bytes as they arrive,
/// without parsing it: the head ends at its first empty line (CRLF CRLF, or bare LF LF, which
/// parsers also accept). Empty lines before the request line do not count (RFC 9112 §2.2).
struct HeadScanner {
    let maxBytes: Int
    private(set) var count = 0
    private var lineLength = 0
    private var started = false

    enum Result: Equatable {
        case needMore
        /// The head ends within the bytes scanned last.
        case complete
        /// More than `maxBytes` arrived before the head ended.
        case tooLarge
    }

    init(maxBytes: Int) { self.maxBytes = maxBytes }

    mutating func scan(_ bytes: some Sequence<UInt8>) -> Result {
        for byte in bytes {
            count += 1
            guard count <= maxBytes else { return .tooLarge }
            switch byte {
            case UInt8(ascii: "\n"):
                if lineLength == 0, started { return .complete }
                lineLength = 0
            case UInt8(ascii: "\r"):
                break
            default:
                lineLength += 1
                started = true
            }
        }
        return .needMore
    }
}
