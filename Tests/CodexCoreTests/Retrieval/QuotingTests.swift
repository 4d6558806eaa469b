import Foundation
import Testing
import CodexTestSupport

@testable import CodexCore
@testable import CodexSQLite

/// The rules a model-free answer keeps, on small documents of each kind, ingested for real:
/// a procedure is quoted whole, a code block with the sentence leading into it, markup is
/// rendered as text, and no quote starts in the middle of a sentence.
struct QuotingTests {
    /// Ingests `files` (name, content) into a fresh store and answers `question` without a model.
    func answer(_ question: String, files: [(String, String)]) async throws -> Answer {
        let dir = try TemporaryDirectory()
        for (name, content) in files { _ = try dir.write(name, content) }
        let database = try CodexDatabase.inMemory()
        _ = try await IngestHarness.ingest([dir.path], into: database)
        let answer = try await DocumentSearch(store: database.store).extractiveAnswer(to: question)
        for quote in answer.quotes {
            // No quote starts mid-sentence: it opens with a capital, a digit, a list marker or code.
            let first = try #require(quote.text.first)
            #expect(first.isUppercase || first.isNumber || "-`$ ".contains(first), "starts mid-sentence: \(quote.text)")
        }
        return answer
    }

    static let rst = """
        Rotating keys
        =============

        Keys expire after a year, and a service that signs with an expired key stops
        working without warning.

        To rotate a key
        ---------------

        Rotation takes three steps. Run them in order:

        #. Create the new key with ``vault keygen --label next``.
        #. Publish it with :command:`vault publish next`.
        #. Retire the old key once every client has the new one.

        Configuring the grace period
        ----------------------------

        The :setting:`GRACE_PERIOD` setting decides how long both keys are accepted after a
        rotation. To extend it, set it in your configuration file::

            GRACE_PERIOD = 48  # hours

        Read more in `the vault guide <https://example.com/vault>`_ and in
        :func:`~vault.tools.rotate_now`, which rotates at once.
        """

    @Test func reSTProcedureIsQuotedWholeWithItsMarkupRendered() async throws {
        let answer = try await answer("how do I rotate a key?", files: [("keys.rst", Self.rst)])
        #expect(
            answer.answer.contains(
                """
                1. Create the new key with `vault keygen --label next`.
                2. Publish it with `vault publish next`.
                3. Retire the old key once every client has the new one.
                """))
        #expect(!answer.answer.contains("``") && !answer.answer.contains(":command:"))
        // The citation covers the quoted lines of keys.rst.
        let cited = try #require(answer.citations.first)
        #expect(cited.path.hasSuffix("/keys.rst") && cited.startLine <= 12 && cited.endLine >= 14)
    }

    @Test func reSTLiteralBlockIsQuotedWithItsLeadIn() async throws {
        let answer = try await answer(
            "how long are both keys accepted after a rotation and how do I extend it", files: [("keys.rst", Self.rst)])
        #expect(answer.answer.contains("To extend it, set it in your configuration file:\n    GRACE_PERIOD = 48  # hours"))
        #expect(answer.answer.contains("The `GRACE_PERIOD` setting decides"))
        #expect(!answer.answer.contains("::") && !answer.answer.contains(":setting:"))
    }

    @Test func reSTRolesAndLinksReadAsText() async throws {
        let answer = try await answer("where do I read more about rotate_now", files: [("keys.rst", Self.rst)])
        #expect(answer.answer.contains("Read more in the vault guide and in `rotate_now()`, which rotates at once."))
    }

    static let myst = """
        # Cache

        (cache-location)=
        ## Where the cache lives

        The tool remembers files it has already formatted, so a second run is fast. This
        information is stored *per user*, in your home directory, which is a problem on a
        shared build machine where every user writes a copy of their own.

        To avoid this, set the environment variable `TOOL_CACHE_DIR`:

        ```sh
        export TOOL_CACHE_DIR=/var/cache/tool
        ```

        :::{note}
        The directory must be writable by **every** user; see {ref}`permissions <perm>`.
        :::

        ## Install in an editor

        1. Install the plugin:
           ```console
           $ pip install tool-plugin
           ```
        1. Open **Settings > Tools > Tool** and pick the [binary](install.md).
        1. Restart the editor.
        """

    @Test func markdownFixIsQuotedWithTheProblemAndItsCodeBlock() async throws {
        // The problem statement alone is not the answer: the fix two blocks further down is.
        let answer = try await answer(
            "how do I stop it writing per-user files into my home directory on a shared build machine",
            files: [("cache.md", Self.myst)])
        #expect(answer.answer.contains("To avoid this, set the environment variable `TOOL_CACHE_DIR`:"))
        #expect(answer.answer.contains("    export TOOL_CACHE_DIR=/var/cache/tool"))
        #expect(!answer.answer.contains("```") && !answer.answer.contains("*per user*"))
    }

    @Test func mystProcedureKeepsItsNestedCodeAndIsNumbered() async throws {
        let answer = try await answer("how do I install the plugin in my editor", files: [("cache.md", Self.myst)])
        #expect(answer.answer.contains("1. Install the plugin:"))
        #expect(answer.answer.contains("$ pip install tool-plugin"))
        #expect(answer.answer.contains("2. Open Settings > Tools > Tool and pick the binary."))
        #expect(answer.answer.contains("3. Restart the editor."))
    }

    @Test func mystAdmonitionAndRolesAreRendered() async throws {
        let answer = try await answer("which users must be able to write the cache directory", files: [("cache.md", Self.myst)])
        #expect(answer.answer.contains("Note: The directory must be writable by every user; see permissions."))
        #expect(!answer.answer.contains(":::") && !answer.answer.contains("{ref}"))
    }

    static let html = """
        <html><head><title>Guide</title></head><body>
        <h1>Deploying</h1>
        <p>Deploying copies the build to the servers. To deploy a release, follow these steps:</p>
        <ol>
        <li>Build the release with <code>make release</code>.</li>
        <li>Upload it with <code>deploy push</code>.</li>
        <li>Check the health page.</li>
        </ol>
        <h2>Rolling back</h2>
        <p>If the new release misbehaves, roll back to the previous one
        with the commands below:</p>
        <pre><code>deploy rollback --to previous
        deploy status</code></pre>
        </body></html>
        """

    @Test func htmlListIsQuotedWholeAsAProcedure() async throws {
        let answer = try await answer("how do I deploy a release", files: [("guide.html", Self.html)])
        #expect(
            answer.answer.contains(
                "1. Build the release with make release.\n2. Upload it with deploy push.\n3. Check the health page."))
    }

    @Test func htmlPreformattedBlockIsQuotedAsCodeWithItsLeadIn() async throws {
        let answer = try await answer("the new release misbehaves, how do I roll back", files: [("guide.html", Self.html)])
        #expect(answer.answer.contains("If the new release misbehaves, roll back to the previous one with the commands below:"))
        #expect(answer.answer.contains("    deploy rollback --to previous\n    deploy status"))
    }

    @Test func docxListParagraphsAreQuotedWholeWithTheirLeadIn() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/backups.docx"
        func paragraph(_ text: String, style: String? = nil, list: Bool = false) -> String {
            let properties = (style.map { "<w:pStyle w:val=\"\($0)\"/>" } ?? "")
                + (list ? "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>" : "")
            return "<w:p><w:pPr>\(properties)</w:pPr><w:r><w:t xml:space=\"preserve\">\(text)</w:t></w:r></w:p>"
        }
        let body = [
            paragraph("Backups", style: "Title"),
            paragraph("Backups run every night at two. To restore a file from last night:"),
            paragraph("Stop the service.", list: true),
            paragraph("Run the restore command for the file.", list: true),
            paragraph("Start the service again.", list: true),
            paragraph("Retention", style: "Heading2"),
            paragraph("Backups are kept for 30 days, then deleted."),
        ].joined()
        try ZipBuilder.write(
            [
                ("[Content_Types].xml", "<Types/>"),
                (
                    "word/document.xml",
                    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\(body)</w:body></w:document>"
                ),
            ], to: path)
        let database = try CodexDatabase.inMemory()
        _ = try await IngestHarness.ingest([path], into: database)
        let answer = try await DocumentSearch(store: database.store).extractiveAnswer(to: "how do I restore a file from backup")
        #expect(
            answer.answer.contains(
                "To restore a file from last night:\n- Stop the service.\n- Run the restore command for the file.\n- Start the service again."
            ))
        #expect(answer.answer.hasPrefix("Backups run every night"))
        #expect(answer.citations.first.map { $0.startLine...$0.endLine } == 2...5)
    }

    @Test func aLongParagraphIsQuotedFromItsStartNotFromTheMatchingSentence() async throws {
        let text = """
            Sessions
            ========

            Sessions last two weeks by default. The session cookie is signed with the secret key,
            so visitors cannot change what it holds. To make sessions expire when the browser
            closes, set ``SESSION_EXPIRE_AT_BROWSER_CLOSE`` to ``True``. Sessions that expire are
            removed by the cleanup command.
            """
        let answer = try await answer("make sessions expire when the browser closes", files: [("sessions.txt", text)])
        #expect(answer.answer.hasPrefix("Sessions last two weeks by default."))
        #expect(answer.answer.contains("set `SESSION_EXPIRE_AT_BROWSER_CLOSE` to `True`."))
        // A .txt file in reStructuredText gets its section as heading.
        #expect(answer.citations.first?.heading == "Sessions")
    }
}
