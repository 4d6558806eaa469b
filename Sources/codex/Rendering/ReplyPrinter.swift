import CodexCore
import Foundation

/// Renders an assistant turn: tokens to stdout as they stream, then the sources; notices and
/// hints to stderr. With --json, only the final reply, as one JSON object.
struct ReplyPrinter {
    let global: GlobalOptions

    @discardableResult
    func print(_ events: AsyncThrowingStream<AssistantEvent, any Error>) async throws -> AssistantReply? {
        var streamed = false
        var final: AssistantReply?
        for try await event in events {
            switch event {
            case .routed(let provider, let model):
                if global.showsProgress { Terminal.writeToStandardError("[\(model) via \(provider)]\n") }
            case .fellBack(let provider, let reason):
                if !global.quiet { Terminal.writeToStandardError("note: \(provider) could not answer (\(reason)); trying the next provider\n") }
            case .token(let piece):
                guard !global.json else { continue }
                streamed = true
                FileHandle.standardOutput.write(Data(piece.utf8))
            case .thinking: continue
            case .toolCall(let call):
                if !global.quiet && !global.json { Terminal.writeToStandardError("[tool \(call.name) \(call.arguments)]\n") }
            case .toolResult(let result):
                if !global.quiet && !global.json { Terminal.writeToStandardError("[tool \(result.call.name) -> \(result.summary)]\n") }
            case .notice(let text):
                if !global.quiet { Terminal.writeToStandardError("note: \(text)\n") }
            case .finished(let reply):
                final = reply
            }
        }
        guard let reply = final else { return nil }
        if global.json {
            try Output.json(reply)
            return reply
        }
        if !streamed { Output.text(reply.answer) } else { Output.text("") }
        if !reply.citations.isEmpty {
            Output.text(SourcesRenderer.text(reply.citations))
        }
        // Under a written answer, the source text it should rest on (small models invent).
        if reply.mode == .generated, let quotes = reply.quotes, !quotes.isEmpty {
            Output.text(SourcesRenderer.quotes(quotes))
        }
        if reply.incomplete, reply.error == "stopped" {
            Terminal.writeToStandardError("(stopped; the part above is kept in the session)\n")
        } else if reply.incomplete, let error = reply.error {
            Terminal.writeToStandardError("error: the reply stopped early: \(error)\n")
        }
        if let hint = reply.hint, !global.quiet { Terminal.writeToStandardError("hint: \(hint)\n") }
        return reply
    }
}
