import CCurl
import Foundation

/// One libcurl easy transfer and the state its C callbacks share with Swift.
///
/// `@unchecked Sendable` because this is the C boundary: the easy handle, header list and error
/// buffer are touched only by the transfer thread (setup happens before it starts, cleanup after
/// `curl_easy_perform` returns), and every other stored property is read and written only while
/// holding `condition`'s lock.
final class CurlTransfer: @unchecked Sendable {
    enum AbortReason: Sendable {
        case cancelled, consumerGone, firstByteTimeout, idleTimeout
    }

    private let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let address: String
    private let timeouts: HTTPTimeouts
    private let maxBuffered: Int
    private let started = ContinuousClock.now

    private let condition = NSCondition()
    private var headContinuation: CheckedContinuation<ResponseHead, any Error>?
    private var headDelivered = false
    private var status = 0
    private var headers: [HTTPHeader] = []
    /// Body bytes received but not yet handed to the consumer (appended with a plain copy, taken whole).
    private var pending: [UInt8] = []
    private var bodyWaiter: CheckedContinuation<[UInt8]?, any Error>?
    private var outcome: Result<Void, CodexError>?
    private var abortReason: AbortReason?
    private var lastActivity = ContinuousClock.now
    /// A body byte has arrived: from then on the idle limit applies instead of the first-byte one.
    private var bodyStarted = false

    init(request: HTTPRequest, address: String, deadline: ContinuousClock.Instant, maxBuffered: Int) throws {
        guard let handle = ccurl_easy_init() else { throw CodexError.internal("libcurl could not create a handle") }
        self.handle = handle
        self.address = address
        self.timeouts = request.timeouts
        self.maxBuffered = max(maxBuffered, 1)
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        configure(request, deadline: deadline)
    }

    deinit {
        ccurl_easy_cleanup(handle)
        ccurl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    private func configure(_ request: HTTPRequest, deadline: ContinuousClock.Instant) {
        ccurl_easy_setopt_string(handle, CURLOPT_URL, request.url.absoluteString)
        ccurl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        ccurl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        // Larger reads mean fewer callbacks on big bodies; streams still get each token as soon as it arrives.
        ccurl_easy_setopt_long(handle, CURLOPT_BUFFERSIZE, 256 << 10)
        ccurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        ccurl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.timeouts.connect))
        ccurl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(deadline - .now))
        if EgressPolicy.isLoopback(request.url) {
            // Proxy variables from the environment must never capture a request meant for this machine.
            ccurl_easy_setopt_string(handle, CURLOPT_PROXY, "")
            ccurl_easy_setopt_string(handle, CURLOPT_NOPROXY, "*")
        }
        switch request.method {
        case .get: ccurl_easy_setopt_long(handle, CURLOPT_HTTPGET, 1)
        case .head: ccurl_easy_setopt_long(handle, CURLOPT_NOBODY, 1)
        case .post: ccurl_easy_setopt_long(handle, CURLOPT_POST, 1)
        case .patch, .delete: ccurl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method.rawValue)
        }
        if let body = request.body {
            ccurl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            // COPYPOSTFIELDS copies the bytes: the Swift array only lives for this call.
            body.withUnsafeBytes { bytes in
                _ = ccurl_easy_setopt_pointer(
                    handle, CURLOPT_COPYPOSTFIELDS,
                    UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(errorBuffer)))
            }
        }
        // "Expect:" stops curl from waiting for `100 Continue` before sending larger bodies.
        for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
            headerList = ccurl_slist_append(headerList, line)
        }
        ccurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)

        let context = Unmanaged.passUnretained(self).toOpaque()
        ccurl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        ccurl_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            guard let data, let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            let bytes = UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self)
            return transfer.receiveBody(UnsafeBufferPointer(start: bytes, count: size * count))
        }
        ccurl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        ccurl_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            guard let data, let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count))
        }
        ccurl_easy_setopt_pointer(handle, CURLOPT_XFERINFODATA, context)
        ccurl_easy_setopt_progress_callback(handle) { context, _, _, _, _ in
            guard let context else { return 1 }
            return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().shouldAbort() ? 1 : 0
        }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        max(1, Int(duration.inMilliseconds))
    }

    // MARK: Facts for error messages

    var addressForErrors: String { address }
    var timeoutsForErrors: HTTPTimeouts { timeouts }

    /// The operating system's error number for the last failure (ECONNREFUSED…), read on the transfer thread.
    var osErrno: Int32 {
        var value = 0
        ccurl_easy_getinfo_long(handle, CURLINFO_OS_ERRNO, &value)
        return Int32(value)
    }

    /// Whether the TCP connection was established before the failure.
    var connected: Bool {
        var seconds = 0.0
        ccurl_easy_getinfo_double(handle, CURLINFO_CONNECT_TIME, &seconds)
        return seconds > 0
    }

    func detailForErrors(_ code: CURLcode) -> String {
        let text = String(cString: errorBuffer)
        return text.isEmpty ? String(cString: ccurl_easy_strerror(code)) : text
    }

    // MARK: Driving the transfer

    /// Starts the transfer thread; `headContinuation` is resumed once, with the head or the failure.
    func start(headContinuation: CheckedContinuation<ResponseHead, any Error>) {
        condition.lock()
        if let abortReason {
            condition.unlock()
            headContinuation.resume(throwing: error(for: abortReason))
            return
        }
        self.headContinuation = headContinuation
        condition.unlock()
        let thread = Thread { [self] in
            let code = ccurl_easy_perform(handle)
            finish(code)
        }
        thread.name = "codex.curl"
        thread.start()
    }

    /// Asks the transfer to stop; curl notices within its next callback (well under a second).
    func abort(_ reason: AbortReason) {
        condition.lock()
        guard outcome == nil, abortReason == nil else {
            condition.unlock()
            return
        }
        abortReason = reason
        let head = headContinuation
        let waiter = bodyWaiter
        headContinuation = nil
        bodyWaiter = nil
        condition.broadcast()
        condition.unlock()
        head?.resume(throwing: error(for: reason))
        waiter?.resume(throwing: error(for: reason))
    }

    /// Hands the consumer everything buffered so far, or parks it until bytes or the end arrive.
    func nextChunk(_ continuation: CheckedContinuation<[UInt8]?, any Error>) {
        condition.lock()
        if !pending.isEmpty {
            let bytes = pending
            pending = []
            condition.broadcast()
            condition.unlock()
            continuation.resume(returning: bytes)
            return
        }
        let result: Result<[UInt8]?, any Error>?
        if let abortReason {
            result = .failure(error(for: abortReason))
        } else if let outcome {
            result = outcome.map { nil }.mapError { $0 as any Error }
        } else {
            result = nil
            bodyWaiter = continuation
        }
        condition.unlock()
        if let result { continuation.resume(with: result) }
    }

    // MARK: Callbacks (transfer thread)

    private func receiveHeader(_ line: UnsafeRawBufferPointer) -> Int {
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        condition.lock()
        defer { condition.unlock() }
        if abortReason != nil { return 0 }
        lastActivity = .now
        if text.hasPrefix("HTTP/") {
            // A new status line starts a new head (after `100 Continue` or an interim response).
            status = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            headers = []
        } else if text.isEmpty {
            if status >= 200 { deliverHeadLocked() }
        } else if let colon = text.firstIndex(of: ":") {
            let name = String(text[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            headers.append(HTTPHeader(name, value))
        }
        return line.count
    }

    private func deliverHeadLocked() {
        guard !headDelivered else { return }
        headDelivered = true
        let head = ResponseHead(status: status, headers: headers)
        headContinuation?.resume(returning: head)
        headContinuation = nil
    }

    private func receiveBody(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        condition.lock()
        defer { condition.unlock() }
        guard abortReason == nil else { return 0 }  // returning fewer bytes than given aborts the transfer
        deliverHeadLocked()
        bodyStarted = true
        if let waiter = bodyWaiter {
            bodyWaiter = nil
            waiter.resume(returning: Array(bytes))
        } else {
            pending.append(contentsOf: bytes)
            while pending.count > maxBuffered && abortReason == nil { condition.wait() }
        }
        lastActivity = .now
        return abortReason == nil ? bytes.count : 0
    }

    /// The progress callback's verdict: stop when asked to, or when a phase ran past its time limit.
    private func shouldAbort() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if abortReason != nil { return true }
        let now = ContinuousClock.now
        // Servers that stream (llama.cpp) send their head at once and the first token only after reading
        // the whole prompt, so the first-byte limit runs until the first *body* byte.
        if !bodyStarted, now - started > timeouts.firstByte {
            abortReason = .firstByteTimeout
        } else if bodyStarted, now - lastActivity > timeouts.idle {
            abortReason = .idleTimeout
        }
        return abortReason != nil
    }

    /// Why the transfer failed, if it did: an abort we asked for explains a curl error best.
    private func failureLocked(_ code: CURLcode) -> CodexError? {
        if let abortReason { return error(for: abortReason) }
        if code != CURLE_OK { return error(for: code) }
        return headDelivered || status >= 200 ? nil : .connectionLost(address)
    }

    private func finish(_ code: CURLcode) {
        condition.lock()
        let failure = failureLocked(code)
        if failure == nil { deliverHeadLocked() }
        outcome = failure.map { .failure($0) } ?? .success(())
        let head = headContinuation
        let waiter = bodyWaiter  // only parked while nothing is buffered, so no bytes are left behind
        headContinuation = nil
        bodyWaiter = nil
        condition.broadcast()
        condition.unlock()
        if let failure {
            head?.resume(throwing: failure)
            waiter?.resume(throwing: failure)
        } else {
            waiter?.resume(returning: nil)
        }
    }
}
