import ArgumentParser
import CodexCore
import Foundation

extension Codex {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write sessions, and the documents they cite, to a bundle file you can carry to another machine.",
            discussion: """
                With --collection NAME (repeatable) a collection goes whole — documents, chunks with their line \
                spans and vectors — with or without sessions: `codex import` on the other machine makes it \
                searchable at once, with nothing embedded again.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Sessions to export, by id or a unique id prefix.") var sessions: [String] = []
        @Flag(help: "Export every session.") var all = false
        @Option(help: "Only sessions active on or after this date (YYYY-MM-DD or ISO 8601).") var since: String?
        @Flag(help: "Also export the collections the sessions cite, so questions about them work on the other side.")
        var includeDocs = false
        @Option(
            name: .customLong("collection"),
            help: "Also export this whole collection (repeatable); alone, only collections.")
        var collections: [String] = []
        @Option(help: "Bundle format (default: from the file name, else tar.gz).") var format: BundleFormat?
        @Option(name: .shortAndLong, help: "The bundle file to write, or - for standard output.") var output: String

        func validate() throws {
            if sessions.isEmpty && !all && since == nil && collections.isEmpty {
                throw ValidationError("Name the sessions to export, or pass --all, --since DATE or --collection NAME.")
            }
            if !sessions.isEmpty && all { throw ValidationError("Pass either session ids or --all, not both.") }
            if let since, Self.parseDate(since) == nil {
                throw ValidationError("--since must be a date such as 2026-11-25 or 2026-11-25T09:00:00Z.")
            }
        }

        func run() async throws {
            let store = try global.openStore()
            var ids: [UUID]?
            if !sessions.isEmpty {
                ids = []
                for reference in sessions { ids?.append(try await store.memory.session(reference).id) }
            }
            let selection = BundleSelection(
                sessionIds: ids, since: since.flatMap(Self.parseDate), includeDocuments: includeDocs,
                includeSessions: !sessions.isEmpty || all || since != nil, collections: collections)
            let chosen = format ?? Self.format(forName: output)
            let bar = ProgressLine(enabled: global.showsProgress)
            let writer = BundleWriter(store: store)
            let toStandardOutput = output == "-"
            let summary =
                toStandardOutput
                ? try writer.export(selection, format: chosen, to: FileHandle.standardOutput) { bar.update($0) }
                : try writer.export(selection, format: chosen, to: URL(fileURLWithPath: output)) { bar.update($0) }
            bar.clear()
            if toStandardOutput {
                // Standard output carries the bundle; the summary goes to stderr unless --quiet.
                if !global.quiet {
                    Terminal.writeToStandardError(
                        "Exported \(summary.sessions) sessions (\(summary.messages) messages).\n")
                }
                return
            }
            if global.json { return try Output.json(summary) }
            var parts: [String] = []
            if selection.includeSessions { parts.append("\(summary.sessions) sessions (\(summary.messages) messages)") }
            if !summary.collections.isEmpty {
                parts.append(
                    "\(summary.documents) documents and \(summary.chunks) chunks from "
                        + summary.collections.map { "\"\($0)\"" }.joined(separator: ", "))
            }
            let text = "Exported " + parts.joined(separator: ", ")
            Output.text(text + " to \(summary.path) (\(summary.format.rawValue), \(ByteCount.format(summary.bytes))).")
        }

        static func format(forName name: String) -> BundleFormat {
            let lower = name.lowercased()
            return BundleFormat.allCases.first { lower.hasSuffix("." + $0.rawValue) } ?? .tarGz
        }

        /// `2026-11-25` (midnight UTC) or a full ISO 8601 time.
        static func parseDate(_ text: String) -> Date? {
            if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
            return try? Date.ISO8601FormatStyle().year().month().day().parse(text)
        }
    }
}

extension BundleFormat: ExpressibleByArgument {}
