import CodexCore
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /` and `GET /ui/{file}`: the web UI, served from the module's resources — no build step,
/// nothing fetched from the internet.
struct WebUIController {
    /// The files that exist, read once: the UI is small, and a fixed table leaves no path to traverse.
    let files: [String: (type: String, bytes: ByteBuffer)]

    init() {
        var files: [String: (String, ByteBuffer)] = [:]
        let types = ["html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
                     "svg": "image/svg+xml", "png": "image/png"]
        if let folder = Self.folder(), let names = try? FileManager.default.contentsOfDirectory(atPath: folder) {
            for name in names {
                guard let type = types[(name as NSString).pathExtension],
                    let data = FileManager.default.contents(atPath: folder + "/" + name)
                else { continue }
                files[name] = (type, ByteBuffer(bytes: data))
            }
        }
        self.files = files
    }

    /// Where the UI's files are: `<prefix>/share/codex/ui` beside an installed binary
    /// (`<prefix>/bin/codex`, the offline kit's layout), else the resource bundle SwiftPM puts
    /// beside a built one. `Bundle.module` is only touched when that bundle is there, because
    /// SwiftPM's accessor stops the process when it finds none.
    static func folder(executablePath: String? = Bundle.main.executablePath) -> String? {
        guard let executablePath else { return nil }
        let directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        let installed = directory.appendingPathComponent("../share/codex/ui").standardized.path
        if FileManager.default.fileExists(atPath: installed + "/index.html") { return installed }
        let built = Bundle.main.bundleURL.appendingPathComponent("CodexContinue_CodexServer.resources")
        guard FileManager.default.fileExists(atPath: built.path) else { return nil }
        return Bundle.module.url(forResource: "ui", withExtension: nil)?.path
    }

    func index(_ request: Request, context: CodexRequestContext) throws -> Response {
        try file(named: "index.html")
    }

    func asset(_ request: Request, context: CodexRequestContext) throws -> Response {
        try file(named: try context.parameters.require("file"))
    }

    private func file(named name: String) throws -> Response {
        guard let file = files[name] else { throw CodexError.notFound("no such file: \(name)") }
        return Response(
            status: .ok,
            headers: [
                .contentType: file.type, .cacheControl: "no-cache",
                .contentSecurityPolicy:
                    "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
                HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            ],
            body: .init(byteBuffer: file.bytes))
    }
}
