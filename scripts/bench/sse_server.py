#!/usr/bin/env python3
"""Loopback server for scripts/bench-http.sh and scripts/bench/gateway.sh: answers /small with a tiny JSON body and anything
else with a large OpenAI-style SSE chat stream (EVENTS events, then [DONE])."""
import socket, sys, threading

port, events = int(sys.argv[1]), int(sys.argv[2])
chunk = ('data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1718000000,'
         '"model":"bench","choices":[{"index":0,"delta":{"content":"tok "},"finish_reason":null}]}\n\n')
final = ('data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1718000000,"model":"bench",'
         '"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n')
big = (chunk * events + final).encode()
small = b'{"version":"0.12.3"}'
sys.stdout.write(f"{len(big)}\n"); sys.stdout.flush()

def serve(conn):
    with conn:
        data = b""
        while True:
            while b"\r\n\r\n" not in data:
                more = conn.recv(65536)
                if not more:
                    return
                data += more
            head, _, rest = data.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            while len(rest) < length:
                rest += conn.recv(65536)
            data = rest[length:]
            path = head.split(b" ")[1]
            body, kind = (small, b"application/json") if path.startswith(b"/small") else (big, b"text/event-stream")
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: " + kind + b"\r\nContent-Length: "
                         + str(len(body)).encode() + b"\r\n\r\n" + body)

listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", port))
listener.listen(64)
while True:
    conn, _ = listener.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
