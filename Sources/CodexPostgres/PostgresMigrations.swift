import CodexCore

/// The schema, one dated migration at a time, as in the SQLite store (`CodexDatabase.migrator`).
///
/// Replicas that start together must not migrate twice: every migration runs in one
/// transaction that first takes a transaction-level advisory lock, so the second replica waits,
/// then finds the migrations applied and does nothing. DDL is transactional in PostgreSQL, so
/// a migration that fails leaves no half-made schema.
enum PostgresMigrations {
    /// The advisory lock key of migrations (any fixed number; "codx" in ASCII).
    static let lockKey: Int64 = 0x636F_6478

    static func migrate(_ connection: PostgresConnection) throws {
        try connection.transaction { connection in
            try connection.query("SELECT pg_advisory_xact_lock($1)", [lockKey])
            try connection.execute(
                "CREATE TABLE IF NOT EXISTS codex_migration (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
            )
            let rows = try connection.query("SELECT id FROM codex_migration")
            let applied = Set((0..<rows.count).compactMap { rows.string($0, 0) })
            for (id, sql) in migrations where !applied.contains(id) {
                try connection.execute(sql)
                try connection.query("INSERT INTO codex_migration (id) VALUES ($1)", [id])
            }
        }
    }

    /// Why this rule exists: a shipped migration has already run on teams' servers; editing it
    /// would leave their schema different from a fresh one. Add a new migration for every change.
    static let migrations: [(id: String, sql: String)] = [
        (
            "2026-12-07-documents",
            """
            CREATE TABLE collection (
                id bigserial PRIMARY KEY,
                -- Byte order ("C"), as in SQLite, for every text compared or sorted: path ranges
                -- ("under this folder") and names sort the same on both stores and every locale.
                name text COLLATE "C" NOT NULL UNIQUE,
                -- The embedder of the collection's vectors ("builtin:all-minilm-l6-v2"), NULL until one claims it.
                embedder text,
                dimension integer,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                -- Bumped by every change to the collection's vectors, so a replica's cached matrix
                -- knows in one row lookup whether it is stale.
                vector_version bigint NOT NULL DEFAULT 0,
                embedding_ms bigint NOT NULL DEFAULT 0,
                -- BM25's collection statistics, kept by triggers on chunk: chunks and their
                -- length in index terms (text and heading).
                indexed_chunks bigint NOT NULL DEFAULT 0,
                indexed_terms bigint NOT NULL DEFAULT 0
            );
            CREATE TABLE document (
                id bigserial PRIMARY KEY,
                collection_id bigint NOT NULL REFERENCES collection ON DELETE CASCADE,
                path text COLLATE "C" NOT NULL,
                sha256 text NOT NULL,
                size bigint NOT NULL,
                mtime_ns bigint NOT NULL,
                kind text NOT NULL,
                chunk_count integer NOT NULL,
                ingested_at timestamptz NOT NULL,
                chunking integer NOT NULL DEFAULT 0,
                UNIQUE (collection_id, path)
            );
            CREATE TABLE chunk (
                id bigserial PRIMARY KEY,
                document_id bigint NOT NULL REFERENCES document ON DELETE CASCADE,
                -- The document's collection again, so BM25 statistics and scoped searches need no join.
                collection_id bigint NOT NULL,
                ordinal integer NOT NULL,
                start_line integer NOT NULL,
                end_line integer NOT NULL,
                heading text NOT NULL DEFAULT '',
                text text NOT NULL,
                token_count integer NOT NULL,
                -- Index terms in text and heading: BM25's document length.
                term_count integer NOT NULL DEFAULT 0,
                UNIQUE (document_id, ordinal),
                CHECK (start_line >= 1 AND end_line >= start_line)
            );
            -- The keyword index: every stemmed term (the SQLite store's FTS5 tokenizer makes them,
            -- so both stores rank alike) and where it occurs. BM25 is computed in SQL from these.
            CREATE TABLE term (
                id serial PRIMARY KEY,
                term text COLLATE "C" NOT NULL UNIQUE
            );
            -- No foreign keys: checking one per row cost most of a COPY of postings. Terms are never
            -- deleted, and a trigger on chunk removes a chunk's postings. The primary key carries
            -- every column scoring reads, so a term's postings are read from the index alone
            -- (an index-only scan), in one run of pages, not one heap page per posting.
            CREATE TABLE posting (
                term_id integer NOT NULL,
                chunk_id bigint NOT NULL,
                collection_id bigint NOT NULL,
                text_hits integer NOT NULL,
                heading_hits integer NOT NULL,
                -- The chunk's term_count again, so scoring reads postings only.
                chunk_terms integer NOT NULL,
                PRIMARY KEY (term_id, chunk_id) INCLUDE (collection_id, text_hits, heading_hits, chunk_terms)
            );
            CREATE INDEX posting_chunk ON posting (chunk_id);
            CREATE TABLE vector (
                chunk_id bigint PRIMARY KEY REFERENCES chunk ON DELETE CASCADE,
                collection_id bigint NOT NULL REFERENCES collection ON DELETE CASCADE,
                -- A unit vector quantised to int8: component i is codes[i] * scale.
                scale double precision NOT NULL,
                codes bytea NOT NULL
            );
            CREATE INDEX vector_collection ON vector (collection_id, chunk_id);

            CREATE FUNCTION codex_count_chunks() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    DELETE FROM posting p USING changed c WHERE p.chunk_id = c.id;
                END IF;
                IF TG_OP = 'INSERT' THEN
                    UPDATE collection c SET indexed_chunks = indexed_chunks + n.chunks, indexed_terms = indexed_terms + n.terms
                    FROM (SELECT collection_id, count(*) AS chunks, sum(term_count) AS terms FROM changed GROUP BY 1) n
                    WHERE c.id = n.collection_id;
                ELSE
                    UPDATE collection c SET indexed_chunks = indexed_chunks - n.chunks, indexed_terms = indexed_terms - n.terms
                    FROM (SELECT collection_id, count(*) AS chunks, sum(term_count) AS terms FROM changed GROUP BY 1) n
                    WHERE c.id = n.collection_id;
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER chunk_inserted AFTER INSERT ON chunk REFERENCING NEW TABLE AS changed
                FOR EACH STATEMENT EXECUTE FUNCTION codex_count_chunks();
            CREATE TRIGGER chunk_deleted AFTER DELETE ON chunk REFERENCING OLD TABLE AS changed
                FOR EACH STATEMENT EXECUTE FUNCTION codex_count_chunks();

            CREATE FUNCTION codex_bump_vector_version() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE collection SET vector_version = vector_version + 1
                WHERE id IN (SELECT DISTINCT collection_id FROM changed);
                RETURN NULL;
            END $$;
            CREATE TRIGGER vector_inserted AFTER INSERT ON vector REFERENCING NEW TABLE AS changed
                FOR EACH STATEMENT EXECUTE FUNCTION codex_bump_vector_version();
            CREATE TRIGGER vector_updated AFTER UPDATE ON vector REFERENCING NEW TABLE AS changed
                FOR EACH STATEMENT EXECUTE FUNCTION codex_bump_vector_version();
            CREATE TRIGGER vector_deleted AFTER DELETE ON vector REFERENCING OLD TABLE AS changed
                FOR EACH STATEMENT EXECUTE FUNCTION codex_bump_vector_version();
            """
        ),
        (
            "2026-12-07-sessions",
            """
            CREATE TABLE session (
                -- A UUID in lower-case text, stable across machines, so bundles keep it.
                id text PRIMARY KEY,
                title text,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                model text,
                provider text,
                summary text NOT NULL DEFAULT '',
                summarized_through integer NOT NULL DEFAULT 0
            );
            CREATE INDEX session_updated_at ON session (updated_at);
            CREATE TABLE message (
                id bigserial PRIMARY KEY,
                session_id text NOT NULL REFERENCES session ON DELETE CASCADE,
                seq integer NOT NULL,
                role text NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
                content text NOT NULL,
                tool_calls text,
                tool_call_id text,
                tool_name text,
                model text,
                provider text,
                prompt_tokens integer,
                completion_tokens integer,
                citations text,
                incomplete boolean NOT NULL DEFAULT false,
                error text,
                created_at timestamptz NOT NULL,
                first_token_ms integer,
                duration_ms integer,
                mode text CHECK (mode IN ('generated', 'extractive')),
                UNIQUE (session_id, seq)
            );
            """
        ),
        (
            "2026-12-07-users",
            """
            -- The people of a shared server (codex serve users add): a token is kept only as its
            -- SHA-256. A session with an owner is that user's alone over HTTP; removing the user
            -- leaves their sessions to nobody (the CLI still sees them).
            CREATE TABLE team_user (
                id bigserial PRIMARY KEY,
                name text COLLATE "C" NOT NULL UNIQUE,
                token_sha256 text NOT NULL UNIQUE,
                created_at timestamptz NOT NULL
            );
            ALTER TABLE session ADD COLUMN owner_id bigint REFERENCES team_user ON DELETE SET NULL;
            CREATE INDEX session_owner ON session (owner_id);
            -- A collection with an owner is private to that user over HTTP; NULL is shared.
            ALTER TABLE collection ADD COLUMN owner_id bigint REFERENCES team_user ON DELETE SET NULL;
            """
        ),
    ]
}
