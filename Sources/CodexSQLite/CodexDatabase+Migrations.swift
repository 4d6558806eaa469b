import CodexCore
import GRDB

extension CodexDatabase {
    /// The schema, one dated migration at a time.
    ///
    /// Why this rule exists: a shipped migration has already run on users' stores; editing it
    /// would leave their schema different from a fresh one. Practical advice: add a new
    /// migration for every change. What breaks if you ignore it: stores created before and
    /// after the edit disagree, and bundles move between them.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-25-documents") { db in
            try db.create(table: "collection") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                // The embedder that produced this collection's vectors ("builtin:all-minilm-l6-v2"),
                // or NULL when it has none; mixing embedders in one collection is refused.
                t.column("embedder", .text)
                t.column("dimension", .integer)
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
            }
            try db.create(table: "document") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("collection_id", .integer).notNull().indexed().references("collection", onDelete: .cascade)
                t.column("path", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("size", .integer).notNull()
                // Nanoseconds since 1970, so a touch that keeps the size is still noticed.
                t.column("mtime_ns", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("chunk_count", .integer).notNull()
                t.column("ingested_at", .datetime).notNull()
                t.uniqueKey(["collection_id", "path"])
            }
            try db.create(table: "chunk") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("document_id", .integer).notNull().references("document", onDelete: .cascade)
                t.column("ordinal", .integer).notNull()
                t.column("start_line", .integer).notNull()
                t.column("end_line", .integer).notNull()
                // The heading path above the chunk ("Install > Linux"), indexed for BM25 too.
                t.column("heading", .text).notNull().defaults(to: "")
                t.column("text", .text).notNull()
                t.column("token_count", .integer).notNull()
                t.uniqueKey(["document_id", "ordinal"])
                t.check(sql: "start_line >= 1 AND end_line >= start_line")
            }
            try db.create(virtualTable: "chunk_fts", using: FTS5()) { t in
                t.synchronize(withTable: "chunk")
                t.tokenizer = .porter(wrapping: .unicode61())
                t.column("text")
                t.column("heading")
            }
            try db.create(table: "vector") { t in
                t.primaryKey("chunk_id", .integer).references("chunk", onDelete: .cascade)
                t.column("collection_id", .integer).notNull().indexed().references("collection", onDelete: .cascade)
                // Unit vectors quantised to int8: component i is `codes[i] * scale`. At 384
                // dimensions that is 388 bytes a chunk instead of 1536, so 100k chunks load in
                // tens of milliseconds and fit in 40 MB; the retrieval benchmark shows no recall loss.
                t.column("scale", .double).notNull()
                t.column("codes", .blob).notNull()
            }
        }
        migrator.registerMigration("2026-11-25-retrieval") { db in
            // Document frequency of every indexed term; BM25 uses it to leave out terms so
            // common that ranking their matches would cost more than it tells.
            try db.execute(sql: "CREATE VIRTUAL TABLE chunk_fts_vocabulary USING fts5vocab(chunk_fts, row)")
            // Bumped by every vector insert or delete, so a cached vector matrix knows in one
            // row lookup whether it is stale.
            try db.alter(table: "collection") { t in
                t.add(column: "vector_version", .integer).notNull().defaults(to: 0)
            }
            try db.execute(
                sql: """
                    CREATE TRIGGER vector_after_insert AFTER INSERT ON vector BEGIN
                        UPDATE collection SET vector_version = vector_version + 1 WHERE id = NEW.collection_id;
                    END;
                    CREATE TRIGGER vector_after_delete AFTER DELETE ON vector BEGIN
                        UPDATE collection SET vector_version = vector_version + 1 WHERE id = OLD.collection_id;
                    END;
                    """)
        }
        migrator.registerMigration("2026-11-25-sessions") { db in
            try db.create(table: "session") { t in
                // A UUID in lower-case text: stable across machines, so bundles keep it.
                t.primaryKey("id", .text)
                t.column("title", .text)
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull().indexed()
                t.column("model", .text)
                t.column("provider", .text)
                // Older turns folded into prose once they no longer fit the model's context.
                t.column("summary", .text).notNull().defaults(to: "")
                t.column("summarized_through", .integer).notNull().defaults(to: 0)
            }
            try db.create(table: "message") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("session_id", .text).notNull().references("session", onDelete: .cascade)
                // Order within the session, from 1.
                t.column("seq", .integer).notNull()
                t.column("role", .text).notNull().check(sql: "role IN ('system', 'user', 'assistant', 'tool')")
                t.column("content", .text).notNull()
                t.column("tool_calls", .jsonText)
                t.column("tool_call_id", .text)
                t.column("tool_name", .text)
                t.column("model", .text)
                t.column("provider", .text)
                t.column("prompt_tokens", .integer)
                t.column("completion_tokens", .integer)
                t.column("citations", .jsonText)
                // A reply cut short (crash, Ctrl-C, provider error) keeps its text, marked incomplete.
                t.column("incomplete", .boolean).notNull().defaults(to: false)
                t.column("error", .text)
                t.column("created_at", .datetime).notNull()
                t.column("first_token_ms", .integer)
                t.column("duration_ms", .integer)
                t.uniqueKey(["session_id", "seq"])
            }
        }
        migrator.registerMigration("2026-12-01-fts-automerge") { db in
            // FTS5 writes a segment per transaction and, by default, merges a level once it holds
            // 4 segments. Merging at 16 instead cut the index build of a 62 MB corpus from 2.3 s to
            // 1.8 s with no change in query time (measured), so ingest and imports spend less of
            // their time rewriting what they just wrote. The setting is stored with the index.
            try db.execute(sql: "INSERT INTO chunk_fts(chunk_fts, rank) VALUES ('automerge', 16)")
        }
        migrator.registerMigration("2026-12-06-document-chunking") { db in
            // Which `Chunker.version` cut a document's chunks. A document chunked by an older
            // version is re-chunked (and its chunks re-embedded) by the next ingest, though its
            // file did not change. Version 2 changed only plain text (`.txt` files written in
            // reStructuredText gain the section headings that BM25 weighs and the embedder reads)
            // and HTML, DOCX, ODT and EPUB (list items and preformatted text keep their markers):
            // those start at 0; every other kind is already cut as version 2 would cut it.
            try db.alter(table: "document") { t in
                t.add(column: "chunking", .integer).notNull().defaults(to: 0)
            }
            try db.execute(sql: "UPDATE document SET chunking = 2 WHERE kind NOT IN ('plain', 'html', 'docx', 'odt', 'epub')")
        }
        migrator.registerMigration("2026-12-06-air-gap") { db in
            // How an assistant reply was made: "generated" by a model or "extractive" (passages
            // quoted with no model), so a session kept on a laptop without a model says which
            // answers a model wrote. NULL for user and tool messages and for replies stored before.
            try db.alter(table: "message") { t in
                t.add(column: "mode", .text).check(sql: "mode IN ('generated', 'extractive')")
            }
            // Time the embedder spent on this collection's vectors, summed over every run: it
            // travels with an exported collection, so an import can say how much it saved.
            try db.alter(table: "collection") { t in
                t.add(column: "embedding_ms", .integer).notNull().defaults(to: 0)
            }
        }
        migrator.registerMigration("2026-12-07-users") { db in
            // The people of a shared server (`codex serve users add`): a token is kept only as
            // its SHA-256. A session with an owner is that user's alone over HTTP; removing the
            // user leaves their sessions to nobody (the CLI still sees them).
            try db.create(table: "team_user") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("token_sha256", .text).notNull().unique()
                t.column("created_at", .datetime).notNull()
            }
            try db.alter(table: "session") { t in
                t.add(column: "owner_id", .integer).references("team_user", onDelete: .setNull)
            }
            try db.create(index: "session_owner", on: "session", columns: ["owner_id"])
            // A collection with an owner is private to that user over HTTP; NULL is shared.
            try db.alter(table: "collection") { t in
                t.add(column: "owner_id", .integer).references("team_user", onDelete: .setNull)
            }
        }
        return migrator
    }
}
