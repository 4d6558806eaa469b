/// A file taken out of an archive, or the content of a compressed file, held in memory.
struct PackedMember: Sendable {
    /// The member's path inside the outermost archive (`guide/intro.md`, `old.tar.gz!/a.md`).
    var path: String
    /// The name that tells its kind: the path, less a compression suffix (`notes.md.gz` → `notes.md`).
    var name: String
    var bytes: [UInt8]
}

/// A member left out, with its path inside the archive.
struct SkippedMember: Sendable, Equatable {
    var path: String
    var reason: SkipReason
    var detail: String
}

/// Reads archives and compressed files into memory through libarchive (`ArchiveInput`), under
/// `ArchiveLimits`: nothing is ever written to disk, links are never followed, and archives
/// inside archives are opened one level deep.
struct PackedReader {
    let limits: ArchiveLimits
    /// Size of the outermost file: the compressed side of the ratio check.
    let packedBytes: Int64
    private(set) var entries = 0
    private(set) var unpackedBytes: Int64 = 0

    init(limits: ArchiveLimits, packedBytes: Int64) {
        self.limits = limits
        self.packedBytes = packedBytes
    }

    /// The content of a compressed file (`.gz`, `.xz`, …).
    mutating func decompress(_ bytes: [UInt8], path: String, format: PackedFormat) throws(ExtractionFailure)
        -> [UInt8]
    {
        let input: ArchiveInput
        do { input = try ArchiveInput(bytes: bytes, path: path, format: format) } catch {
            throw Self.corrupt(format, detail: error)
        }
        let header: ArchiveEntryInfo?
        do { header = try input.nextEntry() } catch { throw Self.corrupt(format, detail: input.lastError) }
        guard header != nil else {
            throw ExtractionFailure(reason: .extractionFailed, detail: "empty \(format.label) file")
        }
        switch try readData(input, format: format) {
        case .data(let data): return data
        case .tooLarge:
            throw ExtractionFailure(
                reason: .tooLarge,
                detail: "decompresses to more than the \(ByteCount.format(limits.maxEntryBytes)) limit")
        }
    }

    /// The members of an archive; `depth` 0 for a file on disk, 1 inside another archive.
    ///
    /// - Throws: when the archive as a whole is refused (corrupt, truncated, a bomb, too many entries).
    mutating func unpack(_ bytes: [UInt8], path: String, format: PackedFormat, depth: Int = 0)
        throws(ExtractionFailure) -> (members: [PackedMember], skipped: [SkippedMember])
    {
        var members: [PackedMember] = []
        var skipped: [SkippedMember] = []
        let input: ArchiveInput
        do { input = try ArchiveInput(bytes: bytes, path: path, format: format) } catch {
            throw Self.corrupt(format, detail: error)
        }
        // Bounded by `maxEntries`.
        while true {
            let header: ArchiveEntryInfo?
            do { header = try input.nextEntry() } catch { throw Self.corrupt(format, detail: input.lastError) }
            guard var entry = header else { break }
            entries += 1
            guard entries <= limits.maxEntries else {
                throw ExtractionFailure(
                    reason: .unsafe, detail: "more than \(limits.maxEntries) entries in the archive")
            }
            // `tar -C dir .` writes `./guide/a.md`: the same path as `guide/a.md`.
            while entry.path.hasPrefix("./") { entry.path.removeFirst(2) }
            if entry.kind == .directory || entry.path.isEmpty || entry.path == "." || Self.isHidden(entry.path) {
                continue
            }
            if let refusal = refusal(entry) {
                skipped.append(refusal)
                continue
            }
            let data: [UInt8]
            switch try readData(input, format: format) {
            case .data(let read): data = read
            case .tooLarge:
                skipped.append(oversize(entry.path))
                continue
            }
            guard let inner = PackedFormat.forName(entry.path) else {
                members.append(PackedMember(path: entry.path, name: entry.path, bytes: data))
                continue
            }
            guard depth == 0 else {
                skipped.append(
                    SkippedMember(
                        path: entry.path, reason: .unsupported, detail: "archive nested more than one level deep"))
                continue
            }
            do throws(ExtractionFailure) {
                if inner.isArchive {
                    let nested = try unpack(data, path: entry.path, format: inner, depth: depth + 1)
                    let prefix = entry.path + ArchivePath.separator
                    members += nested.members.map {
                        PackedMember(path: prefix + $0.path, name: $0.name, bytes: $0.bytes)
                    }
                    skipped += nested.skipped.map {
                        SkippedMember(path: prefix + $0.path, reason: $0.reason, detail: $0.detail)
                    }
                } else {
                    let content = try decompress(data, path: entry.path, format: inner)
                    members.append(
                        PackedMember(path: entry.path, name: inner.innerName(of: entry.path), bytes: content))
                }
            } catch {
                // A bomb inside is a bomb: the whole archive goes. Anything else costs one member.
                if error.reason == .unsafe && overBudget != nil { throw error }
                skipped.append(SkippedMember(path: entry.path, reason: error.reason, detail: error.detail))
            }
        }
        return (members, skipped)
    }

    /// Why a member is not read, from its header; nil when it may be.
    private func refusal(_ entry: ArchiveEntryInfo) -> SkippedMember? {
        if entry.path.utf8.count > limits.maxPathBytes {
            return SkippedMember(
                path: String(entry.path.prefix(200)) + "…", reason: .unsafe,
                detail: "archive member path longer than \(limits.maxPathBytes) bytes")
        }
        switch entry.kind {
        case .symbolicLink, .hardLink:
            return SkippedMember(
                path: entry.path, reason: .unsafe,
                detail: "archive member is a \(entry.kind.rawValue); links are not followed")
        case .regularFile, .directory:
            break
        default:
            return SkippedMember(
                path: entry.path, reason: .unsafe, detail: "archive member is a \(entry.kind.rawValue)")
        }
        if entry.isEncrypted {
            return SkippedMember(
                path: entry.path, reason: .unsupported, detail: "encrypted archive member (no password is asked for)")
        }
        if let problem = entry.problem(maxBytes: .max, in: "archive") {
            return SkippedMember(path: entry.path, reason: .unsafe, detail: "archive member refused: \(problem)")
        }
        if let size = entry.size, size > limits.maxEntryBytes { return oversize(entry.path) }
        return nil
    }

    /// The same words whether the header said so or the bytes did.
    private func oversize(_ path: String) -> SkippedMember {
        SkippedMember(
            path: path, reason: .tooLarge,
            detail: "archive member over the \(ByteCount.format(limits.maxEntryBytes)) size cap")
    }

    private enum Read {
        case data([UInt8])
        case tooLarge
    }

    /// The current entry's bytes, up to the per-entry cap, checking the whole archive's budget as
    /// they stream (a header can lie about sizes).
    private mutating func readData(_ input: ArchiveInput, format: PackedFormat) throws(ExtractionFailure) -> Read {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count: Int
            do { count = try buffer.withUnsafeMutableBytes { try input.read(into: $0) } } catch {
                throw Self.corrupt(format, detail: input.lastError)
            }
            if count == 0 { return .data(data) }
            unpackedBytes += Int64(count)
            if let problem = overBudget { throw ExtractionFailure(reason: .unsafe, detail: problem) }
            if Int64(data.count + count) > limits.maxEntryBytes { return .tooLarge }
            data.append(contentsOf: buffer[0..<count])
        }
    }

    /// Why the archive as a whole must stop being read; nil while within its caps.
    private var overBudget: String? {
        if unpackedBytes > limits.maxTotalBytes {
            return "expands to more than \(ByteCount.format(limits.maxTotalBytes)) in total"
        }
        if unpackedBytes > limits.ratioFloorBytes
            && Double(unpackedBytes) > limits.maxCompressionRatio * Double(max(packedBytes, 1))
        {
            return "expands more than \(Int(limits.maxCompressionRatio)) times its size: a decompression bomb"
        }
        return nil
    }

    /// Entries nobody means as documents: hidden files and folders, macOS resource forks.
    static func isHidden(_ path: String) -> Bool {
        // `..` is not hidden: it is refused, with its reason, by the path check.
        path.split(separator: "/").contains {
            ($0.hasPrefix(".") && $0 != "." && $0 != "..") || $0 == "__MACOSX" || $0 == "node_modules"
        }
    }

    private static func corrupt(_ format: PackedFormat, detail error: any Error) -> ExtractionFailure {
        var detail = (error as? CodexError)?.message ?? "\(error)"
        // ArchiveInput words its open errors for bundles: keep libarchive's part, in parentheses.
        if let open = detail.firstIndex(of: "("), let close = detail.lastIndex(of: ")"), open < close {
            detail = String(detail[detail.index(after: open)..<close])
        }
        return corrupt(format, detail: detail)
    }

    private static func corrupt(_ format: PackedFormat, detail: String) -> ExtractionFailure {
        ExtractionFailure(reason: .extractionFailed, detail: "truncated or corrupt \(format.label) file: \(detail)")
    }
}
