"""A scripted Ollama on 127.0.0.1 that calls one tool, then answers with what the tool said.

Usage: tool_model.py TOOL ARGUMENTS_JSON
Prints the port it listens on (an ephemeral one), then serves until killed. /api/chat: when
the last message is a tool result, the reply is "The tool said: <that result>"; otherwise, when
tools are offered and TOOL is among them, it asks for TOOL with ARGUMENTS_JSON; else it says
which tools it was offered. Loopback only.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOOL, ARGUMENTS = sys.argv[1], json.loads(sys.argv[2])


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


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
