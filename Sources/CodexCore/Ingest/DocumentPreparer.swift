import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A document read, hashed, extracted and chunked, ready for one write transaction.
package struct PreparedDocument: Sendable {
    package var facts: FileFacts
    package var sha256: String
    package var kind: FileKind
    package var chunks: [TextChunk]
    /// The stored document it replaces, if any.
    package var replacing: Int64?

    /// Approximate memory held, for the queue's budget.
    package var cost: Int { chunks.reduce(256) { $0 + $1.text.utf8.count + $1.heading.utf8.count + 64 } }
}

/// What the reading thread hands to the writing thread.
package enum PreparedItem: Sendable {
    case document(PreparedDocument)
    /// Size or time changed but the content did not: only the facts are updated.
    case sameContent(documentId: Int64, facts: FileFacts)
    /// An archive read member by member, stored (or replaced) in one transaction.
    case archive(PreparedArchive)
    /// `remove` is the stored document to drop, when the file can no longer be indexed.
    case skipped(SkippedFile, bytes: Int64, remove: Int64?)
    case end

    /// Approximate memory held, for the queue's and the transaction's budgets.
    package var cost: Int {
        switch self {
        case .document(let document): return document.cost
        case .archive(let archive): return archive.members.reduce(256) { $0 + $1.cost }
        default: return 256
        }
    }
}

/// The CPU half of ingest: read, hash, extract and chunk one file (runs on the reading thread).
struct DocumentPreparer: Sendable {
    var chunker: Chunker
    var extractor = TextExtractor()
    var maxFileSize: Int64
    var force: Bool
    /// Read archives and compressed files; nil treats them as any other file (binary).
    var archiveLimits: ArchiveLimits?

    func prepare(_ facts: FileFacts, stored: StoredDocumentFacts?) -> PreparedItem {
        let bytes: [UInt8]
        do {
            bytes = try Self.readAll(facts.path, limit: maxFileSize, refusingBinary: refusesBinaryEarly(facts, stored))
        } catch {
            let reason = error.reason
            // A file that grew past the limit is no longer indexed; one we cannot read keeps its old text.
            // One refused as binary from its first bytes counts as dealt with whole, as when read whole.
            return .skipped(
                SkippedFile(path: facts.path, reason: reason, detail: error.detail),
                bytes: reason == .binary ? facts.size : 0, remove: reason == .tooLarge ? stored?.documentId : nil)
        }
        let size = Int64(bytes.count)
        let digest = Self.sha256(bytes)
        var current = facts
        current.size = size
        if let stored, !force, !stored.needsRechunking, stored.sha256 == digest {
            return .sameContent(documentId: stored.documentId, facts: current)
        }
        if let limits = archiveLimits, let format = PackedFormat.forName(facts.path) {
            return preparePacked(
                bytes, facts: current, sha256: digest, format: format, limits: limits, stored: stored)
        }
        let kind = FileKind.forPath(facts.path)
        do {
            let text = try extractor.extract(path: facts.path, kind: kind, bytes: bytes)
            let chunks = chunker.chunks(of: text)
            return .document(
                PreparedDocument(
                    facts: current, sha256: digest, kind: kind, chunks: chunks, replacing: stored?.documentId))
        } catch {
            // Binary now: the old text no longer describes the file. Otherwise keep what we had.
            let remove = error.reason == .binary || error.reason == .tooLarge ? stored?.documentId : nil
            return .skipped(
                SkippedFile(path: facts.path, reason: error.reason, detail: error.detail), bytes: size, remove: remove)
        }
    }

    /// Whether the read may stop at a first `ContentSniffer.sampleSize` bytes that are not text: for a
    /// file read as text that the store has never kept, which the extractor would refuse for them.
    ///
    /// Why: binary files are never stored, so every re-ingest met them as new, and read and hashed
    /// each image or font of a tree in full to refuse it again. A file the store holds goes the
    /// long way, so one whose content is unchanged stays as it is.
    private func refusesBinaryEarly(_ facts: FileFacts, _ stored: StoredDocumentFacts?) -> Bool {
        guard stored == nil else { return false }
        if archiveLimits != nil, PackedFormat.forName(facts.path) != nil { return false }
        return TextExtractor.readsAsText(FileKind.forPath(facts.path))
    }

    /// Reads a whole file with `read(2)`; refuses files that grew past `limit` since the walk and,
    /// with `refusingBinary`, one whose first `ContentSniffer.sampleSize` bytes are not text, as soon
    /// as it has them (`TextExtractor.binary`).
    static func readAll(_ path: String, limit: Int64, refusingBinary: Bool = false) throws(ExtractionFailure)
        -> [UInt8]
    {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ExtractionFailure(reason: .unreadable, detail: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw ExtractionFailure(reason: .unreadable, detail: String(cString: strerror(errno)))
        }
        let expected = Int64(info.st_size)
        guard expected <= limit else {
            throw ExtractionFailure(
                reason: .tooLarge, detail: "\(ByteCount.format(expected)) is over the \(ByteCount.format(limit)) limit")
        }
        var sniffing = refusingBinary
        // While sniffing, the buffer holds the sample only, so the first reads stop there.
        let whole = Int(expected) + 1
        var bytes = [UInt8](repeating: 0, count: sniffing ? min(whole, ContentSniffer.sampleSize) : whole)
        var count = 0
        // Bounded by the limit: a file still growing is read up to it, then refused.
        while true {
            if count == bytes.count {
                guard Int64(count) <= limit else {
                    throw ExtractionFailure(
                        reason: .tooLarge, detail: "it grew past the \(ByteCount.format(limit)) limit")
                }
                bytes.append(contentsOf: repeatElement(0, count: max(4096, count / 2)))
            }
            let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, $0.count - count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw ExtractionFailure(reason: .unreadable, detail: String(cString: strerror(errno)))
            }
            count += got
            if sniffing && (got == 0 || count >= ContentSniffer.sampleSize) {
                sniffing = false
                let head = count
                let binary = bytes.withUnsafeBufferPointer {
                    ContentSniffer.looksBinary(UnsafeBufferPointer(rebasing: $0[..<head]))
                }
                if binary { throw TextExtractor.binary }
                if bytes.count < whole { bytes.append(contentsOf: repeatElement(0, count: whole - bytes.count)) }
            }
            if got == 0 { break }
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    static func sha256(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).hexString }
}
