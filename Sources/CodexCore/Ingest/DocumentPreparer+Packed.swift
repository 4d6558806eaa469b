/// An archive ready for one write transaction: its own row (no chunks) and a document per member.
package struct PreparedArchive: Sendable {
    /// The archive file, stored with kind `archive`; its members are `path!/member` documents.
    package var container: PreparedDocument
    package var members: [PreparedDocument]
    /// Members left out, with `archive!/member` paths.
    package var skipped: [SkippedFile]
}

extension DocumentPreparer {
    /// Reads a compressed file as the file it holds, or an archive as its members.
    func preparePacked(
        _ bytes: [UInt8], facts: FileFacts, sha256 digest: String, format: PackedFormat, limits: ArchiveLimits,
        stored: StoredDocumentFacts?
    ) -> PreparedItem {
        var reader = PackedReader(limits: limits, packedBytes: Int64(bytes.count))
        do throws(ExtractionFailure) {
            guard format.isArchive else {
                let content = try reader.decompress(bytes, path: facts.path, format: format)
                let name = format.innerName(of: facts.path)
                let (kind, text) = try extract(content, name: name)
                return .document(
                    PreparedDocument(
                        facts: facts, sha256: digest, kind: kind, chunks: chunker.chunks(of: text),
                        replacing: stored?.documentId))
            }
            let unpacked = try reader.unpack(bytes, path: facts.path, format: format)
            var archive = PreparedArchive(
                container: PreparedDocument(
                    facts: facts, sha256: digest, kind: .archive, chunks: [], replacing: stored?.documentId),
                members: [], skipped: [])
            for skipped in unpacked.skipped {
                archive.skipped.append(
                    SkippedFile(
                        path: ArchivePath.member(skipped.path, of: facts.path), reason: skipped.reason,
                        detail: skipped.detail))
            }
            for member in unpacked.members {
                let path = ArchivePath.member(member.path, of: facts.path)
                do throws(ExtractionFailure) {
                    let (kind, text) = try extract(member.bytes, name: member.name)
                    let memberFacts = FileFacts(path: path, size: Int64(member.bytes.count), mtimeNs: facts.mtimeNs)
                    archive.members.append(
                        PreparedDocument(
                            facts: memberFacts, sha256: Self.sha256(member.bytes), kind: kind,
                            chunks: chunker.chunks(of: text), replacing: nil))
                } catch {
                    archive.skipped.append(SkippedFile(path: path, reason: error.reason, detail: error.detail))
                }
            }
            return .archive(archive)
        } catch {
            // Unreadable now: keep what the store had, unless the file turned into something refused.
            let remove = error.reason == .unsafe || error.reason == .tooLarge ? stored?.documentId : nil
            return .skipped(
                SkippedFile(path: facts.path, reason: error.reason, detail: error.detail), bytes: facts.size,
                remove: remove)
        }
    }

    /// The text of unpacked bytes, read by the kind its name says.
    private func extract(_ bytes: [UInt8], name: String) throws(ExtractionFailure) -> (FileKind, ExtractedText) {
        let kind = FileKind.forPath(name)
        if kind == .pdf {
            throw ExtractionFailure(
                reason: .unsupported, detail: "a PDF inside an archive or compressed file is not read; extract it first"
            )
        }
        let text = try extractor.extract(path: name, kind: kind, bytes: bytes)
        return (kind, text)
    }
}
