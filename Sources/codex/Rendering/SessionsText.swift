import CodexCore
import Foundation

/// Sessions and transcripts as text.
enum SessionsText {
    static func list(_ sessions: [SessionSummary], current: String? = nil) -> String {
        guard !sessions.isEmpty else { return "No sessions yet. Start one with: codex chat" }
        var rows = [["ID", "TITLE", "MESSAGES", "UPDATED", "MODEL"]]
        for summary in sessions {
            let id = summary.session.id.lowercasedString
            let marker = current.map { id.hasPrefix($0) } == true ? "*" : ""
            rows.append([
                String(id.prefix(8)) + marker, shorten(summary.session.title ?? summary.preview, to: 48),
                "\(summary.messageCount)", updated(summary.session.updatedAt), summary.session.model ?? "-",
            ])
        }
        return Table.render(rows)
    }

    static func transcript(_ session: Session, _ messages: [SessionMessage]) -> String {
        var lines = [
            "session \(session.id.lowercasedString) — \(session.title ?? "untitled")",
            "updated \(updated(session.updatedAt))" + (session.model.map { ", model \($0)" } ?? ""),
        ]
        if !session.summary.isEmpty { lines.append("summary of older turns: \(session.summary)") }
        for message in messages {
            var head = "\n\(message.role.rawValue)"
            if message.role == .assistant, let model = message.model {
                head += " (\(model)\(message.provider.map { " via \($0)" } ?? ""))"
            } else if message.mode == .extractive {
                head += " (quoted from your documents, no model)"
            }
            if message.incomplete { head += " [incomplete\(message.error.map { ": \($0)" } ?? "")]" }
            lines.append(head + ":")
            lines.append(message.content.isEmpty ? "(no text)" : message.content)
            for call in message.toolCalls { lines.append("[tool \(call.name) \(call.arguments)]") }
            if message.role == .assistant, !message.citations.isEmpty {
                let sources = message.citations.map { "\($0.path):\($0.startLine)-\($0.endLine)" }
                lines.append("sources: " + sources.joined(separator: ", "))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func updated(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
            .timeSeparator(.colon))
    }

    static func shorten(_ text: String, to length: Int) -> String {
        text.count > length ? String(text.prefix(length - 1)) + "…" : text
    }
}
