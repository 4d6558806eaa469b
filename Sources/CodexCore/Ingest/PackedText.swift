/// The text ingest indexed for an archive member or a compressed file, so a tool (or a person)
/// following a citation such as `docs.zip!/guide/intro.md:12-20` reads the same lines.
public enum PackedText {
    /// True when `path` names an archive member (`a.zip!/b.md`) or a compressed file (`b.md.gz`).
    public static func isPacked(_ path: String) -> Bool {
        ArchivePath.split(path) != nil || PackedFormat.forName(path).map { !$0.isArchive } == true
    }

    /// The extracted text of `member` inside the archive at `archivePath`, or of the compressed
    /// file at `archivePath` when `member` is nil.
    ///
    /// - Throws: `CodexError` (kind `.tool`) when the file is not packed, the member is missing,
    ///   or it cannot be read.
    public static func read(_ archivePath: String, member: String?, limits: ArchiveLimits = ArchiveLimits())
        throws(CodexError) -> String
    {
        guard let format = PackedFormat.forName(archivePath) else {
            throw CodexError.tool("`\(archivePath)` is not an archive or compressed file codex reads")
        }
        let bytes: [UInt8]
        do { bytes = try DocumentPreparer.readAll(archivePath, limit: limits.maxTotalBytes) } catch {
            throw CodexError.tool("`\(archivePath)` cannot be read: \(error.detail)")
        }
        var reader = PackedReader(limits: limits, packedBytes: Int64(bytes.count))
        let name: String
        let content: [UInt8]
        do throws(ExtractionFailure) {
            if let member {
                guard format.isArchive else {
                    throw ExtractionFailure(reason: .unsupported, detail: "it is not an archive")
                }
                let unpacked = try reader.unpack(bytes, path: archivePath, format: format)
                guard let found = unpacked.members.first(where: { $0.path == member }) else {
                    let skipped = unpacked.skipped.first { $0.path == member }
                    throw ExtractionFailure(
                        reason: .unsupported, detail: skipped?.detail ?? "it has no member `\(member)`")
                }
                (name, content) = (found.name, found.bytes)
            } else {
                guard !format.isArchive else {
                    throw ExtractionFailure(reason: .unsupported, detail: "name a member: `archive!/path/inside`")
                }
                (name, content) = (
                    format.innerName(of: archivePath), try reader.decompress(bytes, path: archivePath, format: format)
                )
            }
            let kind = FileKind.forPath(name)
            guard kind != .pdf else {
                throw ExtractionFailure(reason: .unsupported, detail: "PDF members are not read")
            }
            let text = try TextExtractor().extract(path: name, kind: kind, bytes: content)
            return String(decoding: text.bytes, as: UTF8.self)
        } catch {
            throw CodexError.tool(
                "`\(archivePath)\(member.map { ArchivePath.separator + $0 } ?? "")` cannot be read: \(error.detail)")
        }
    }
}
