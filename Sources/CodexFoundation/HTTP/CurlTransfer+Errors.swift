import CCurl
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension CurlTransfer {
    func error(for reason: AbortReason) -> CodexError {
        switch reason {
        case .cancelled, .consumerGone: return .cancelled
        case .firstByteTimeout: return .firstByteTimeout(addressForErrors, after: timeoutsForErrors.firstByte)
        case .idleTimeout: return .idleTimeout(addressForErrors, after: timeoutsForErrors.idle)
        }
    }

    /// Translates a libcurl result into a message about the server, not about libcurl.
    func error(for code: CURLcode) -> CodexError {
        let detail = detailForErrors(code)
        switch code {
        case CURLE_COULDNT_CONNECT:
            return osErrno == ECONNREFUSED
                ? .connectionRefused(addressForErrors) : .networkFailure(addressForErrors, detail: detail)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .hostNotFound(addressForErrors)
        case CURLE_OPERATION_TIMEDOUT:
            return connected
                ? .deadlineExceeded(addressForErrors)
                : .connectTimeout(addressForErrors, after: timeoutsForErrors.connect)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND:
            return .tlsFailure(addressForErrors, detail: detail)
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_SEND_ERROR:
            return .connectionLost(addressForErrors)
        default:
            return .networkFailure(addressForErrors, detail: detail)
        }
    }
}
