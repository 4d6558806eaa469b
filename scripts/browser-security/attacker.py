#!/usr/bin/env python3
"""The attacker's web server for scripts/test-browser-security.sh, on 127.0.0.1 only.

Usage: attacker.py PORT PAGES_DIR REPORTS_FILE [GO_FILE]
Serves the attack pages from PAGES_DIR, appends every POST /report body as one line to
REPORTS_FILE, and answers GET /go with 200 once GO_FILE exists (204 before), to any origin.
"""
import os, sys
from http.server import ThreadingHTTPServer, SimpleHTTPRequestHandler

port, pages, reports = int(sys.argv[1]), sys.argv[2], sys.argv[3]
go_file = sys.argv[4] if len(sys.argv) > 4 else None


class Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=pages, **kwargs)

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        if self.path.startswith("/go"):
            ready = go_file is not None and os.path.exists(go_file)
            self.send_response(200 if ready else 204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.startswith("/report"):
            with open(reports, "ab") as f:
                f.write(body.replace(b"\n", b" ") + b"\n")
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
