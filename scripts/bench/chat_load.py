#!/usr/bin/env python3
"""Bounded load test of `codex serve` over loopback: N POST /chat requests, C at a time, each
worker on its own keep-alive connection. Prints requests/s, p50/p99 latency, errors, and the
server's resident memory before and after.

Usage: bench-server.py URL SERVER_PID [REQUESTS] [CONCURRENCY] [--json]   (--json: a last JSON line)
"""
import asyncio, json, sys, time
from urllib.parse import urlparse

url, pid = sys.argv[1], int(sys.argv[2])
positional = [a for a in sys.argv[3:] if not a.startswith("--")]
total = int(positional[0]) if positional else 2000
concurrency = int(positional[1]) if len(positional) > 1 else 50
host, port = urlparse(url).hostname, urlparse(url).port
assert host == "127.0.0.1", "loopback only"
body = json.dumps({"message": "Say hello"}).encode()
request = (b"POST /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           b"Content-Length: %d\r\n\r\n%s" % (len(body), body))


def rss_mib():
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024


async def one(reader, writer):
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:"))
    reply = json.loads(await reader.readexactly(length))
    return status == 200 and reply.get("reply", "").startswith("Hello")


async def run(count):
    queue = asyncio.Queue()
    for _ in range(count):
        queue.put_nowait(None)
    latencies, errors = [], 0

    async def worker():
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        while not queue.empty():
            queue.get_nowait()
            started = time.perf_counter()
            try:
                ok = await one(reader, writer)
            except Exception:
                ok = False
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
            latencies.append(time.perf_counter() - started)
            errors += 0 if ok else 1
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(min(concurrency, count))))
    return time.perf_counter() - started, sorted(latencies), errors


asyncio.run(run(total))  # warm-up: connections, SQLite page caches, allocator arenas fill up
before = rss_mib()
elapsed, latencies, errors = asyncio.run(run(total))
after = rss_mib()
_, _, more_errors = asyncio.run(run(total))  # a second round: memory should not keep growing
errors += more_errors
again = rss_mib()
p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
print(f"POST /chat, {total} requests, {concurrency} concurrent, fixture model over loopback:")
print(f"  {total / elapsed:.0f} requests/s; latency p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms; errors {errors}")
print(f"  server RSS before {before:.1f} MiB, after {after:.1f} MiB ({after - before:+.1f} MiB), "
      f"after a second {total}: {again:.1f} MiB ({again - after:+.1f} MiB)")
if "--json" in sys.argv:
    print(json.dumps({"requests_per_s": total / elapsed, "p50_ms": p(0.5), "p99_ms": p(0.99), "errors": errors,
                      "rss_before_mb": before, "rss_after_mb": after, "rss_again_mb": again}, sort_keys=True))
sys.exit(1 if errors else 0)
