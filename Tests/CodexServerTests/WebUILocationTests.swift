import Foundation
import Testing
import CodexTestSupport

@testable import CodexServer

/// The web UI is found beside an installed binary (the offline kit's `<prefix>/share/codex/ui`),
/// and in the build tree otherwise.
struct WebUILocationTests {
    @Test func anInstalledBinaryServesTheUIFromItsPrefix() throws {
        // Given the kit's layout: PREFIX/bin/codex and PREFIX/share/codex/ui, reached through a symlink
        let dir = try TemporaryDirectory()
        let binary = try dir.write("prefix/bin/codex", "#!/bin/sh\n")
        try dir.write("prefix/share/codex/ui/index.html", "<html></html>")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/codex", withDestinationPath: binary)

        // Then the UI folder is the prefix's, whichever path the binary was started by
        let expected = dir.path + "/prefix/share/codex/ui"
        #expect(WebUIController.folder(executablePath: binary) == expected)
        #expect(WebUIController.folder(executablePath: dir.path + "/codex") == expected)
    }

    @Test func aBuiltBinaryServesTheUIFromItsResourceBundle() throws {
        // Given a binary with no share/codex/ui beside it (this test runner, in .build)
        let folder = try #require(WebUIController.folder(executablePath: "/nonexistent/bin/codex"))
        #expect(FileManager.default.fileExists(atPath: folder + "/index.html"))
        #expect(folder.hasSuffix("CodexContinue_CodexServer.resources/ui"))
    }
}
