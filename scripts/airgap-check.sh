#!/usr/bin/env bash
# Proves codex works with no network, and that what one makes there can be carried away: inside a
# network namespace whose only interface is loopback, and with no model server,
#  1. ingest docs/sample, ask, list the documents;
#  2. ask into a new session (the quoted answer is kept), export it with --include-docs, import it
#     into a fresh store: the session is there, and the same question gets the same citations from
#     the vectors that travelled (byte-identical; nothing re-embedded);
#  3. the same for the collection exported alone (`codex export --collection`).
# Any failure (or any attempt to reach the network) fails.
#   scripts/airgap-check.sh [PATH_TO_CODEX]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
codex="$(realpath "${1:-$root/.build/release/codex}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! unshare -n true 2>/dev/null; then
    echo "airgap-check: cannot create a network namespace here (need root or user namespaces)" >&2
    exit 1
fi
unshare -n bash -euo pipefail -c '
    ip link set lo up
    if ip route get 1.1.1.1 >/dev/null 2>&1; then echo "airgap-check: namespace has a route out" >&2; exit 1; fi
    export CODEX_HOME="$2/home" MODEL_PROVIDER=auto
    unset OLLAMA_HOST OPENAI_COMPATIBLE_BASE_URL TABBY_URL
    codex="$1"
    cd "$2"
    question="How do I rotate the signing key?"
    "$codex" ingest "$3/docs/sample" --store s.sqlite --quiet
    "$codex" ask "$question" --store s.sqlite | tee answer.txt
    grep -q "signing" answer.txt
    "$codex" docs list --store s.sqlite

    # 2. A session kept with no model, carried with its documents to a fresh store.
    "$codex" ask "$question" --store s.sqlite --session new --json > asked.json
    "$codex" export --all --include-docs --store s.sqlite -o session.tar.gz
    "$codex" import session.tar.gz --store fresh-session.sqlite | tee import-session.txt
    grep -q "nothing re-embedded" import-session.txt
    "$codex" ask "$question" --store fresh-session.sqlite --json > again-session.json
    "$codex" sessions list --store fresh-session.sqlite --json > sessions.json
    "$codex" sessions show --store fresh-session.sqlite --json \
        "$(python3 -c "import json; print(json.load(open(\"asked.json\"))[\"session_id\"])")" > shown.json

    # 3. The collection alone.
    "$codex" export --collection default --store s.sqlite -o collection.tar.gz
    "$codex" import collection.tar.gz --store fresh-collection.sqlite | tee import-collection.txt
    grep -q "nothing re-embedded" import-collection.txt
    "$codex" ask "$question" --store fresh-collection.sqlite --json > again-collection.json
    "$codex" sessions list --store fresh-collection.sqlite --json > no-sessions.json

    python3 - <<PY
import json, sqlite3
cite = lambda r: [(c["path"], c["start_line"], c["end_line"]) for c in r["citations"]]
asked = json.load(open("asked.json"))
assert asked["mode"] == "extractive" and asked["session_id"] and asked["citations"], asked
shown = json.load(open("shown.json"))
roles = [m["role"] for m in shown["messages"]]
assert roles == ["user", "assistant"], roles
reply = shown["messages"][1]
assert reply["mode"] == "extractive" and reply["content"] == asked["answer"], reply
assert [(c["path"], c["start_line"], c["end_line"]) for c in reply["citations"]] == cite(asked)
assert len(json.load(open("sessions.json"))) == 1
assert json.load(open("no-sessions.json")) == []
for name in ("session", "collection"):
    again = json.load(open(f"again-{name}.json"))
    assert cite(again) == cite(asked), (name, cite(again), cite(asked))
    assert again["answer"] == asked["answer"], name
def vectors(path):
    db = sqlite3.connect(path)
    rows = db.execute("SELECT d.path, c.ordinal, v.scale, hex(v.codes) FROM vector v JOIN chunk c ON c.id = v.chunk_id "
                      "JOIN document d ON d.id = c.document_id ORDER BY d.path, c.ordinal").fetchall()
    chunks = db.execute("SELECT count(*) FROM chunk").fetchone()[0]
    return rows, chunks
source, chunks = vectors("s.sqlite")
assert source and len(source) == chunks, (len(source), chunks)
for store in ("fresh-session.sqlite", "fresh-collection.sqlite"):
    assert vectors(store) == (source, chunks), store
print(f"airgap-check: {len(cite(asked))} citations and {chunks} vectors identical after both imports")
PY
' airgap "$codex" "$work" "$root"
echo "airgap-check: passed (ingest, ask, docs list; a session and a collection carried to fresh stores, with only loopback)"
