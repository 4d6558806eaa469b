#!/usr/bin/env bash
# A team server end to end: PostgreSQL started from Debian's binaries in a temporary folder, two
# `codex serve --store postgres://…` replicas on two loopback ports, and a stand-in model.
#   - documents ingested once are answered with citations by both replicas;
#   - a chat on one replica is in the other's /memory;
#   - 2,000 chats spread over both at 50 concurrent, with 0 errors, every one stored;
#   - a replica killed with SIGKILL mid-stream loses nothing already acknowledged;
#   - with users, one user reaches another's session through no route, on either replica.
# Usage: scripts/test-team.sh [CHATS] [CONCURRENCY]   (SKIP_BUILD=1 uses the existing debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
chats="${1:-2000}"
concurrency="${2:-50}"
[[ -n "${SKIP_BUILD:-}" ]] || swift build --product codex >/dev/null
codex="$PWD/.build/debug/codex"
source scripts/lib/postgres.sh
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() {  # wait_for SECONDS COMMAND...: retries until the command succeeds
    local deadline=$((SECONDS + $1)); shift
    until "$@" >/dev/null 2>&1; do ((SECONDS < deadline)) || return 1; sleep 0.1; done
}
fail() { echo "FAIL: $*" >&2; exit 1; }

work=$(mktemp -d /tmp/codex-team.XXXXXX)
chmod 755 "$work"  # the postgres user reaches its folder inside
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    postgres_stop
    rm -rf "$work"
}
trap cleanup EXIT

postgres_start "$work/pg"
postgres_createdb team
store=$(postgres_url team)
psql_team() { $POSTGRES_BIN/psql -X -q -At -d "$store" -c "$1"; }

# The stand-in models: a quick one, and a slow one for the stream that is cut.
model_port=$(free_port) slow_port=$(free_port)
python3 scripts/fixture-model.py "$model_port" --delay-ms 5 & pids+=($!)
python3 scripts/fixture-model.py "$slow_port" --delay-ms 700 & pids+=($!)
wait_for 10 curl -sf "http://127.0.0.1:$model_port/api/version" || fail "the stand-in model did not start"
wait_for 10 curl -sf "http://127.0.0.1:$slow_port/api/version" || fail "the slow stand-in model did not start"

# Two users, made before the replicas start (a server reads whether its store has users at start).
alice=$(CODEX_HOME="$work/cli" "$codex" serve users add alice --store "$store" --quiet)
bob=$(CODEX_HOME="$work/cli" "$codex" serve users add bob --store "$store" --quiet)
as_alice=(-H "Authorization: Bearer $alice")
as_bob=(-H "Authorization: Bearer $bob")

start_replica() {  # start_replica NAME MODEL_PORT: sets port_NAME and pid_NAME; no wait
    local port; port=$(free_port)
    mkdir -p "$work/$1"
    CODEX_HOME="$work/$1" OLLAMA_HOST="http://127.0.0.1:$2" OLLAMA_MODEL=fixture \
        "$codex" serve --store "$store" --port "$port" --ingest-root "$work" --max-concurrent 200 \
        > "$work/$1.log" 2>&1 &
    pids+=($!)
    printf -v "port_$1" %s "$port"
    printf -v "pid_$1" %s "$!"
}
wait_for_replica() {  # wait_for_replica NAME URL
    wait_for 30 curl -sf "$2/health" || { cat "$work/$1.log" >&2; fail "replica $1 did not start"; }
}
# Both replicas start together: the schema must be made once (advisory lock), not twice.
start_replica a "$model_port"
start_replica b "$model_port"
a="http://127.0.0.1:$port_a" b="http://127.0.0.1:$port_b"
wait_for_replica a "$a"
wait_for_replica b "$b"
[[ $(psql_team "SELECT count(*) FROM codex_migration") -ge 2 ]] || fail "the schema was not made"
echo "team: PostgreSQL on $POSTGRES_PORT, replicas at $a and $b"

# Documents ingested once are answered with citations by both replicas.
mkdir -p "$work/docs"
printf '# Keys\n\nRotate the signing key every ninety days.\n' > "$work/docs/keys.md"
printf '# Backups\n\nThe nightly backup runs at two in the morning.\n' > "$work/docs/backups.md"
CODEX_HOME="$work/cli" "$codex" ingest "$work/docs" --store "$store" --quiet >/dev/null
for url in "$a" "$b"; do
    curl -sf "${as_alice[@]}" -H 'Content-Type: application/json' -d '{"question":"how often is the signing key rotated"}' "$url/ask" \
        | grep -q 'keys.md' || fail "$url did not cite keys.md"
done
echo "team: both replicas cite the documents ingested once"

# A chat on one replica is in the other's /memory.
session=$(curl -sf "${as_alice[@]}" -H 'Content-Type: application/json' -d '{"message":"remember the word quokka"}' "$a/chat" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["session_id"])')
curl -sf "${as_alice[@]}" "$b/memory/$session" | grep -q quokka || fail "the chat on a is not in b's /memory"
echo "team: a chat on a is in b's /memory"

# Bob reaches alice's session through no route, on either replica.
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
json=(-H 'Content-Type: application/json')
for url in "$a" "$b"; do
    [[ $(status "$url/memory/$session") == 401 ]] || fail "$url answered /memory without a token"
    [[ $(status "${as_bob[@]}" "$url/memory/$session") == 404 ]] || fail "bob read alice's session on $url"
    [[ $(status "${as_bob[@]}" "$url/memory/$session/export") == 404 ]] || fail "bob exported alice's session on $url"
    [[ $(status "${as_bob[@]}" -X DELETE "$url/memory/$session") == 404 ]] || fail "bob deleted alice's session on $url"
    [[ $(status "${as_bob[@]}" "${json[@]}" -X PATCH -d '{"title":"mine"}' "$url/memory/$session") == 404 ]] \
        || fail "bob renamed alice's session on $url"
    [[ $(status "${as_bob[@]}" "${json[@]}" -d "{\"message\":\"hi\",\"session_id\":\"$session\"}" "$url/chat") == 404 ]] \
        || fail "bob chatted in alice's session on $url"
    [[ $(status "${as_bob[@]}" "${json[@]}" -H "X-Codex-Session: $session" \
        -d '{"model":"codex","messages":[{"role":"user","content":"hi"}]}' "$url/v1/chat/completions") == 404 ]] \
        || fail "bob reached alice's session through /v1/chat/completions on $url"
    curl -sf "${as_bob[@]}" "$url/memory" | grep -q "$session" && fail "bob listed alice's session on $url"
done
curl -sf "${as_alice[@]}" "$b/memory/$session" | grep -q quokka || fail "alice lost her session"
echo "team: bob reaches alice's session through no route on either replica"

# 2,000 chats over both replicas at 50 concurrent: no errors, and every one stored.
before=$(psql_team "SELECT count(*) FROM session")
CODEX_TOKEN=$alice python3 scripts/team/chat_load.py "$chats" "$concurrency" "$a" "$b" > "$work/load.json"
python3 - "$work/load.json" <<'PY'
import json, sys
load = json.load(open(sys.argv[1]))
print(f"team: {load['chats']} chats over two replicas, {load['errors']} errors, "
      f"{load['seconds']} s, {load['chats_per_second']} chats/s")
if load["errors"]:
    sys.exit("FAIL: " + "; ".join(load["first_errors"]))
if len(set(load["sessions"])) != load["chats"]:
    sys.exit("FAIL: some chats share a session or have none")
PY
after=$(psql_team "SELECT count(*) FROM session")
messages=$(psql_team "SELECT count(*) FROM message m JOIN session s ON s.id = m.session_id WHERE m.content LIKE 'team chat number %'")
((after - before == chats)) || fail "$((after - before)) sessions stored for $chats chats"
((messages == chats)) || fail "$messages questions stored for $chats chats"

# A replica killed with SIGKILL mid-stream: what it acknowledged is kept, and the session goes on.
start_replica c "$slow_port"
c="http://127.0.0.1:$port_c"
wait_for_replica c "$c"
curl -sfN "${as_alice[@]}" -H 'Content-Type: application/json' -H 'Accept: text/event-stream' \
    -d "{\"message\":\"a question cut short\",\"session_id\":\"$session\",\"stream\":true}" "$c/chat" > "$work/stream.txt" &
stream_pid=$!
wait_for 20 grep -q '^event: token' "$work/stream.txt" || fail "the stream on c did not start"
{ kill -9 "$pid_c" && wait "$pid_c"; } 2>/dev/null || true
wait "$stream_pid" 2>/dev/null || true
curl -sf "${as_alice[@]}" "$b/memory/$session" > "$work/after-kill.json"
grep -q 'a question cut short' "$work/after-kill.json" || fail "the question acknowledged by c was lost"
grep -q quokka "$work/after-kill.json" || fail "the earlier turn was lost"
curl -sf "${as_alice[@]}" -H 'Content-Type: application/json' -d "{\"message\":\"still here\",\"session_id\":\"$session\"}" "$b/chat" \
    | grep -q "$session" || fail "the session cannot go on after c was killed"
echo "team: a replica killed mid-stream lost nothing it had acknowledged"
echo "team: all checks passed"
