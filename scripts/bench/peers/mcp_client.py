#!/usr/bin/env python3
"""The `mcp` Python SDK's client calling a stdio MCP server, timed like `codex-bench mcp`.

  mcp_client.py --first N --warm M --tool NAME --arguments JSON -- COMMAND ARG...

First call: spawn the server, initialize (2025-11-25 handshake), list its tools and call NAME,
N times with a new server each time. Warm call: M more calls on one running server. Prints one
JSON line: first_p50_ms, first_p95_ms, warm_p50_ms, warm_p95_ms, runs.
"""
import json
import statistics
import sys
import time

import anyio
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client


def percentile(values, q):
    values = sorted(values)
    return values[max(0, int(len(values) * q + 0.5) - 1)]


async def main(argv):
    first_runs, warm_runs, tool, arguments = 5, 50, None, {}
    while argv and argv[0] != "--":
        flag = argv.pop(0)
        if flag == "--first":
            first_runs = int(argv.pop(0))
        elif flag == "--warm":
            warm_runs = int(argv.pop(0))
        elif flag == "--tool":
            tool = argv.pop(0)
        elif flag == "--arguments":
            arguments = json.loads(argv.pop(0))
        else:
            sys.exit(__doc__)
    command = argv[1:]
    params = StdioServerParameters(command=command[0], args=command[1:])
    first, warm = [], []
    for i in range(first_runs):
        start = time.perf_counter()
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                await session.list_tools()
                result = await session.call_tool(tool, arguments)
                first.append((time.perf_counter() - start) * 1000)
                if result.is_error:
                    sys.exit(f"mcp_client.py: {tool} failed: {result.content}")
                if i == first_runs - 1:
                    for _ in range(warm_runs):
                        start = time.perf_counter()
                        await session.call_tool(tool, arguments)
                        warm.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"first_p50_ms": statistics.median(first), "first_p95_ms": percentile(first, 0.95),
                      "warm_p50_ms": statistics.median(warm), "warm_p95_ms": percentile(warm, 0.95),
                      "runs": len(first)}, sort_keys=True))


if __name__ == "__main__":
    anyio.run(main, sys.argv[1:])
