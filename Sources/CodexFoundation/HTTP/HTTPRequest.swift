import Foundation

/// One HTTP exchange to make: what to send, where, why (for the egress policy) and how long to wait.
public struct HTTPRequest: Sendable {
    public enum Method: String, Sendable {
        case get = "GET", post = "POST", head = "HEAD", patch = "PATCH", delete = "DELETE"
    }

    public var method: Method
    public var url: URL
    /// Header fields in sending order. Values may hold credentials: they are never logged.
    public var headers: [HTTPHeader]
    public var body: [UInt8]?
    /// Who the request is for; the egress policy lets non-loopback hosts through only for allowed cloud providers.
    public var purpose: EgressPurpose
    public var timeouts: HTTPTimeouts

    public init(
        method: Method = .get, url: URL, headers: [HTTPHeader] = [], body: [UInt8]? = nil,
        purpose: EgressPurpose, timeouts: HTTPTimeouts = .init()
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.purpose = purpose
        self.timeouts = timeouts
    }

    /// A POST with a JSON body and the matching `Content-Type`.
    public static func postJSON(
        _ url: URL, _ json: JSONValue, headers: [HTTPHeader] = [], purpose: EgressPurpose,
        timeouts: HTTPTimeouts = .init()
    ) -> HTTPRequest {
        HTTPRequest(
            method: .post, url: url, headers: [HTTPHeader("Content-Type", "application/json")] + headers,
            body: json.jsonBytes, purpose: purpose, timeouts: timeouts)
    }

    /// The first value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// One header field.
public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// How long each phase of an exchange may take. The overall bound is the `deadline` given to `send`.
///
/// Local models need a long wait for the first byte (a cold model load takes minutes) but a short
/// one to connect (a server that is not running answers at once) and a moderate idle limit between
/// chunks (keep-alive comments reset it).
public struct HTTPTimeouts: Sendable, Hashable {
    public var connect: Duration
    /// Until the first byte of the response body (or the end of an empty one) has arrived.
    public var firstByte: Duration
    /// Between two body chunks.
    public var idle: Duration

    public init(connect: Duration = .seconds(5), firstByte: Duration = .seconds(600), idle: Duration = .seconds(120)) {
        self.connect = connect
        self.firstByte = firstByte
        self.idle = idle
    }

    /// For quick health probes: a server that does not answer within a couple of seconds counts as down.
    public static func probe(_ limit: Duration = .seconds(2)) -> HTTPTimeouts {
        HTTPTimeouts(connect: limit, firstByte: limit, idle: limit)
    }
}
