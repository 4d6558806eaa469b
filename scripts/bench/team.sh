#!/usr/bin/env bash
# A team server on PostgreSQL beside the embedded SQLite store, on the same inputs: ingest MB/s
# (text phase), warm keyword and hybrid queries on one synthetic collection in both stores, and
# POST /chat with two `codex serve` replicas on one database against one (and against SQLite).
set -euo pipefail
source scripts/bench/lib.sh
source scripts/lib/postgres.sh
w="$BENCH_WORK/team"
rm -rf "$w" && mkdir -p "$w" && chmod 755 "$w"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    postgres_stop
}
trap cleanup EXIT
postgres_start "$w/pg"
# DROP SCHEMA … CASCADE reports every table it drops as a NOTICE.
export PGOPTIONS="-c client_min_messages=warning"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { local deadline=$((SECONDS + $1)); shift; until "$@" >/dev/null 2>&1; do ((SECONDS < deadline)) || return 1; sleep 0.1; done; }

corpus="$BENCH_WORK/corpora/django-docs"
docs_mb=$(textmb "$corpus")
runs=3
quick && runs=1
postgres_createdb ingest
ingest_url=$(postgres_url ingest)
say "team: ingest, text phase ($docs_mb MB of text, $runs runs each)"
timed team-ingest-sqlite "$runs" "rm -f $w/c.sqlite*; $CODEX ingest $corpus --store $w/c.sqlite --embedder none --quiet"
# An empty database each run, as a new file is for SQLite (codex makes the schema again).
timed team-ingest-postgres "$runs" "$POSTGRES_BIN/psql -X -q -d $ingest_url -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public'; $CODEX ingest $corpus --store $ingest_url --embedder none --quiet"
for pair in sqlite:SQLite postgres:PostgreSQL; do
    seconds=$(python3 -c "print($(field "$BENCH_WORK/team-ingest-${pair%%:*}.json" p50_ms) / 1000)")
    rec team "ingest, text phase: MB/s" "codex (${pair##*:})" "$(ratio "$docs_mb" "$seconds")" MB/s higher
done

n=100000 label=100k
quick && n=5000 label=5k
postgres_createdb retrieval
say "team: warm queries on $label synthetic chunks in both stores"
"$BENCH" retrieval-postgres --chunks "$n" --queries 200 --url "$(postgres_url retrieval)" --label "$label" >&2

# POST /chat: one codex serve on SQLite, one replica on PostgreSQL, then two replicas.
chats=2000
quick && chats=200
model_port=$(free_port)
python3 scripts/fixture-model.py "$model_port" & pids+=($!)
wait_for 10 curl -sf "http://127.0.0.1:$model_port/api/version"
postgres_createdb chat
serve() {  # serve NAME STORE: starts codex serve; sets url once it answers
    local port; port=$(free_port)
    mkdir -p "$w/$1"
    CODEX_HOME="$w/$1" OLLAMA_HOST="http://127.0.0.1:$model_port" OLLAMA_MODEL=fixture \
        "$CODEX" serve --store "$2" --port "$port" --max-concurrent 200 --quiet > "$w/$1.log" 2>&1 &
    pids+=($!)
    url="http://127.0.0.1:$port"
    wait_for 30 curl -sf "$url/health" || { cat "$w/$1.log" >&2; return 1; }
}
load() {  # load TOOL URL...: the chats, recorded for TOOL
    local tool=$1
    shift
    python3 scripts/team/chat_load.py "$chats" 50 "$@" > "$w/load.json"
    python3 - "$w/load.json" <<'PY'
import json, sys
load = json.load(open(sys.argv[1]))
print("bench: %d chats, %d errors, %.1f chats/s" % (load["chats"], load["errors"], load["chats_per_second"]), file=sys.stderr)
sys.exit(1 if load["errors"] else 0)
PY
    rec team "POST /chat, 50 concurrent: chats/s" "$tool" "$(field "$w/load.json" chats_per_second)" chats/s higher
}
serve sqlite "$w/chat.sqlite"
load "codex (SQLite), one server" "$url"
kill "${pids[-1]}"
serve a "$(postgres_url chat)"
a=$url
load "codex (PostgreSQL), one replica" "$a"
serve b "$(postgres_url chat)"
load "codex (PostgreSQL), two replicas" "$a" "$url"
