"""A hand-written stdio MCP server (standard library only) that misbehaves on request, for
the protocol edges the SDK would never produce. The first argument picks the behaviour:

  paged        three tools over three pages of tools/list (nextCursor)
  loop-cursor  tools/list answers the same nextCursor forever
  old          answers initialize with protocol 2024-11-05
  future       answers initialize with protocol 2099-01-01
  silent       never answers initialize
  banner       prints a banner that is not JSON-RPC before anything else
  ping         sends codex a ping request before answering tools/call
  garbage      answers tools/call with a line that is not JSON-RPC (the SDK's servers cannot:
               it moves fd 1 away from user code)
  no-tools     declares no tools capability
  ignore-eof   keeps running after stdin closes (and ignores SIGTERM)
"""

import json
import os
import signal
import sys
import time

mode = sys.argv[1] if len(sys.argv) > 1 else "paged"
TOOLS = [
    {"name": "first", "description": "Page one.", "inputSchema": {"type": "object", "properties": {}}},
    {"name": "second.dotted", "description": "Page two, a dotted name.", "inputSchema": {"type": "object"}},
    {"name": "third", "description": "Page three, no schema."},
]


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


if mode == "banner":
    print("Starting the best MCP server v1.0 ...", flush=True)
if mode == "ignore-eof":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)

for line in sys.stdin:
    message = json.loads(line)
    method, ident = message.get("method"), message.get("id")
    if ident is None:
        continue  # notifications
    if method == "initialize":
        if mode == "silent":
            continue
        version = {"old": "2024-11-05", "future": "2099-01-01"}.get(mode, "2025-11-25")
        capabilities = {} if mode == "no-tools" else {"tools": {}}
        send({"jsonrpc": "2.0", "id": ident, "result": {
            "protocolVersion": version, "capabilities": capabilities,
            "serverInfo": {"name": "raw-" + mode, "version": "0.1"}}})
    elif method == "tools/list":
        cursor = (message.get("params") or {}).get("cursor")
        if mode == "loop-cursor":
            send({"jsonrpc": "2.0", "id": ident, "result": {"tools": [], "nextCursor": "again"}})
            continue
        page = {None: 0, "p2": 1, "p3": 2}[cursor] if mode == "paged" else None
        if page is None:
            send({"jsonrpc": "2.0", "id": ident, "result": {"tools": TOOLS}})
        else:
            result = {"tools": [TOOLS[page]]}
            if page < 2:
                result["nextCursor"] = ["p2", "p3"][page]
            send({"jsonrpc": "2.0", "id": ident, "result": result})
    elif method == "tools/call":
        if mode == "ping":
            send({"jsonrpc": "2.0", "id": "srv-1", "method": "ping"})
            reply = json.loads(sys.stdin.readline())
            ok = reply.get("id") == "srv-1" and reply.get("result") == {}
            text = "pong received" if ok else "no pong: " + json.dumps(reply)
        elif mode == "garbage":
            sys.stdout.write("this is not json\n")
            sys.stdout.flush()
            continue
        else:
            text = "called " + message["params"]["name"]
        send({"jsonrpc": "2.0", "id": ident, "result": {"content": [
            {"type": "text", "text": text},
            {"type": "image", "data": "aGVsbG8=", "mimeType": "image/png"},
            {"type": "resource_link", "uri": "file:///tmp/x.txt", "name": "x.txt"}]}})
    else:
        send({"jsonrpc": "2.0", "id": ident, "error": {"code": -32601, "message": "no " + method}})

if mode == "ignore-eof":
    while True:
        time.sleep(1)
