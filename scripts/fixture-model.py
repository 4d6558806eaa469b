#!/usr/bin/env python3
"""A fast scripted Ollama on 127.0.0.1 for server scripts (OpenAI client, browser, load test) and
the MCP end-to-end tests.

Usage: fixture-model.py PORT [--delay-ms N] [--tool NAME ARGUMENTS_JSON]
Answers /api/version, /api/show, /api/tags, and every /api/chat with the same streamed reply,
which cites passage [1] when the request carries document passages. With --tool, /api/chat
instead asks for tool NAME with ARGUMENTS_JSON when it is offered, answers "The tool said: …"
once the last message is a tool result, and otherwise says which tools it was offered. PORT 0
takes an ephemeral port and prints it. Loopback only.
"""
import json, sys, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

port = int(sys.argv[1])
delay = int(sys.argv[sys.argv.index("--delay-ms") + 1]) / 1000 if "--delay-ms" in sys.argv else 0
TOOL = sys.argv[sys.argv.index("--tool") + 1] if "--tool" in sys.argv else None
ARGUMENTS = json.loads(sys.argv[sys.argv.index("--tool") + 2]) if TOOL else None
REPLY = ["Hello", " from", " the", " **fixture**", " model.", "\n\n```swift\nprint(\"hi\")\n```\n"]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_json(self, body, content_type="application/json"):
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/api/version":
            self.send_json('{"version":"0.12.3"}')
        elif self.path == "/api/tags":
            self.send_json('{"models":[{"name":"fixture","model":"fixture","size":1,"details":{"family":"llama"}}]}')
        else:
            self.send_error(404)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/api/show":
            self.send_json('{"details":{"family":"llama"},"model_info":{"llama.context_length":8192}}')
            return
        if self.path != "/api/chat":
            self.send_error(404)
            return
        request = json.loads(body)
        if TOOL:
            self.send_tool_turn(request)
            return
        pieces = list(REPLY)
        if any("Passages" in (m.get("content") or "") for m in request.get("messages", [])):
            pieces.insert(-1, " See [1].")
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        lines = [json.dumps({"model": "fixture", "message": {"role": "assistant", "content": p}, "done": False}) for p in pieces]
        lines.append(json.dumps({"model": "fixture", "message": {"role": "assistant", "content": ""}, "done": True,
                                 "done_reason": "stop", "prompt_eval_count": 10, "eval_count": len(pieces)}))
        for line in lines:
            data = (line + "\n").encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()
            if delay:
                time.sleep(delay)
        self.wfile.write(b"0\r\n\r\n")

    def send_tool_turn(self, request):
        messages = request.get("messages", [])
        offered = [t["function"]["name"] for t in request.get("tools") or []]
        message = {"role": "assistant", "content": ""}
        if messages and messages[-1].get("role") == "tool":
            message["content"] = "The tool said: " + messages[-1].get("content", "")
        elif TOOL in offered:
            message["tool_calls"] = [{"function": {"name": TOOL, "arguments": ARGUMENTS}}]
        else:
            message["content"] = "I was offered: " + ", ".join(offered)
        lines = [{"model": "fixture", "message": message, "done": False},
                 {"model": "fixture", "message": {"role": "assistant", "content": ""}, "done": True,
                  "done_reason": "stop", "prompt_eval_count": 10, "eval_count": 3}]
        self.send_json("".join(json.dumps(line) + "\n" for line in lines), "application/x-ndjson")


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.request_queue_size = 256  # the default 5 drops SYNs under 50 concurrent clients
server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
if port == 0:
    print(server.server_address[1], flush=True)
server.serve_forever()
