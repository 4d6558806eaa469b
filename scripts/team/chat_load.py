#!/usr/bin/env python3
"""Chats against several codex servers at once, for scripts/test-team.sh.

Usage: chat_load.py CHATS CONCURRENCY URL [URL ...]   ($CODEX_TOKEN: the bearer token to send)
Each chat is one POST /chat (a new session, a JSON reply), sent to the URLs in turn. Prints one
JSON line: chats, errors (with the first few reasons), seconds, chats per second, session ids.
"""
import http.client, json, os, sys, threading, time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

chats, concurrency, urls = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
local = threading.local()
headers = {"Content-Type": "application/json"}
if os.environ.get("CODEX_TOKEN"):
    headers["Authorization"] = "Bearer " + os.environ["CODEX_TOKEN"]


def connection(url):
    # One keep-alive connection per thread and server.
    pool = local.__dict__.setdefault("pool", {})
    if url not in pool:
        parts = urlsplit(url)
        pool[url] = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    return pool[url]


def chat(number):
    url = urls[number % len(urls)]
    body = json.dumps({"message": f"team chat number {number}"})
    try:
        conn = connection(url)
        conn.request("POST", "/chat", body, headers)
        response = conn.getresponse()
        data = response.read()
        if response.status != 200:
            return None, f"{url}: HTTP {response.status} {data[:200]!r}"
        return json.loads(data)["session_id"], None
    except Exception as error:  # a reset or timeout is an error of the run, not of this script
        local.__dict__.get("pool", {}).pop(url, None)
        return None, f"{url}: {error!r}"


started = time.monotonic()
with ThreadPoolExecutor(concurrency) as pool:
    results = list(pool.map(chat, range(chats)))
elapsed = time.monotonic() - started
errors = [error for _, error in results if error]
print(json.dumps({
    "chats": chats, "errors": len(errors), "first_errors": errors[:5], "seconds": round(elapsed, 2),
    "chats_per_second": round(chats / elapsed, 1), "sessions": [s for s, _ in results if s],
}))
