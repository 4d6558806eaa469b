import Testing

@testable import CodexCore
@testable import CodexSQLite

struct MarkupRendererTests {
    @Test(arguments: [
        (":func:`~django.views.decorators.cache.cache_page`", "`cache_page()`"),
        (":setting:`ALLOWED_HOSTS`", "`ALLOWED_HOSTS`"),
        (":doc:`the deployment checklist </howto/deployment/checklist>`", "the deployment checklist"),
        (":ref:`csrf`", "csrf"),
        (":py:meth:`Model.save`", "`Model.save()`"),
        (":pep:`8`", "PEP 8"),
        ("{ref}`permissions <perm>`", "permissions"),
        ("{func}`attrs.field`", "`attrs.field()`"),
        ("``git blame``", "`git blame`"),
        ("`the guide <https://example.com>`_ says", "the guide says"),
        ("[the docs](x.md) and ![logo](logo.png)", "the docs and "),
        ("**not** *really* _Black_ __now__", "not really Black now"),
        ("keep snake_case_names and 2*3*4 as they are", "keep snake_case_names and 2*3*4 as they are"),
        ("`*args` and `**kwargs` stay code", "`*args` and `**kwargs` stay code"),
        ("<code>black</code> <b>bold</b>", "`black` bold"),
        ("escaped \\_underscore\\_ and \\*star\\*", "escaped _underscore_ and *star*"),
        ("Note: plain text: with colons", "Note: plain text: with colons"),
    ])
    func rendersInlineMarkup(source: String, rendered: String) {
        #expect(MarkupRenderer.inline(source) == rendered)
    }

    /// Role-like text without a role name (met in Django's docs: a colon right before a backtick)
    /// once crashed the renderer, and with it `codex ask`.
    @Test(arguments: [":`x`", "::`x`", "see :`x` here", ":`", "x:`", "{}`x`", "{`x`"])
    func colonsAndBracesBeforeABacktickAreNotRoles(source: String) {
        let rendered = MarkupRenderer.inline(source)
        #expect(rendered.contains(source.contains("x") ? "x" : "`"))
    }
}

struct RepetitionGuardTests {
    @Test func aLoopingReplyIsCutAfterItsFirstCopy() {
        var guarder = RepetitionGuard()
        var admitted = true
        var pieces = 0
        let loop = "Use the cache_views decorator to cache it. "
        for _ in 0..<20 where admitted {
            admitted = guarder.admit(loop)
            pieces += 1
        }
        #expect(!admitted)
        #expect(pieces <= 4)
        #expect(guarder.kept == loop)
    }

    @Test func repeatedLinesOfCodeAreCaught() {
        var guarder = RepetitionGuard()
        let reply = "Add this:\n" + (1...6).map { "    'BACKEND': 'x',  # entry \($0 % 2)\n    'OPTIONS': {},\n" }.joined()
        let admitted = reply.split(separator: "\n").map { guarder.admit($0 + "\n") }
        #expect(admitted.contains(false))
    }

    @Test func anOrdinaryAnswerPasses() {
        var guarder = RepetitionGuard()
        let answer = """
            Decorate the view with `cache_page(60 * 15)` [1]. The timeout is in seconds, so 60 * 15 is fifteen
            minutes [1]. Each URL is cached separately [2]; to use a cache other than the default one, pass
            `cache="special_cache"` [2].
            """
        #expect(answer.map(String.init).allSatisfy { guarder.admit($0) })
    }
}
