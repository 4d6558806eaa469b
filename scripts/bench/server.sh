#!/usr/bin/env bash
# codex serve under load: POST /chat requests (a whole turn each: session, both messages stored,
# a streamed reply from a fast fixture model), 50 at a time on keep-alive connections; the
# server's memory before and after. No peer: this is codex's own server.
set -euo pipefail
source scripts/bench/lib.sh
requests=2000
quick && requests=200
source scripts/serve-fixture.sh release
trap stop_servers EXIT
python3 scripts/bench/chat_load.py "$CODEX_URL" "$SERVER_PID" "$requests" 50 --json | tee /dev/stderr \
    | recjson server codex "POST /chat, 50 concurrent: requests/s=requests_per_s:requests/s:higher" \
        "POST /chat, 50 concurrent: p50 ms=p50_ms:ms" "POST /chat, 50 concurrent: p99 ms=p99_ms:ms" \
        "RSS before the load MB=rss_before_mb:MB" "RSS after the load MB=rss_after_mb:MB" \
        "RSS after a second load MB=rss_again_mb:MB"
