"""An MCP server for codex's tests, written with the `mcp` Python SDK (MCPServer, mcp 2.x).

Tools: `add` (two integers, structured result), `echo` (text, an optional count), `fail`
(raises ToolError: an isError result), `network` (its namespace), `sleep` (waits, to pass codex's time limit), `crash`
(the process exits mid-call), and
`whoami` (its pid, process group and one environment variable, to check how it was started).
"""

import os
import sys

import anyio
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel

server = MCPServer("codex-fixture", version="1.0")


class Sum(BaseModel):
    sum: int


@server.tool(description="Add two integers.")
def add(a: int, b: int) -> Sum:
    return Sum(sum=a + b)


@server.tool(description="Repeat a text.", structured_output=False)
def echo(text: str, times: int = 1) -> str:
    return " ".join([text] * times)


@server.tool(description="Always fails, with the reason given.", structured_output=False)
def fail(reason: str) -> str:
    raise ToolError(f"refused: {reason}")


@server.tool(description="Sleep for some seconds, then answer.", structured_output=False)
async def sleep(seconds: float) -> str:
    await anyio.sleep(seconds)
    return f"slept {seconds} s"


@server.tool(description="Exit the server process at once.", structured_output=False)
def crash() -> str:
    print("fixture: crashing on purpose", file=sys.stderr, flush=True)
    os._exit(3)


@server.tool(description="Say how this process was started.", structured_output=False)
def whoami() -> str:
    return f"pid={os.getpid()} pgid={os.getpgrp()} FIXTURE_WORD={os.environ.get('FIXTURE_WORD', '')} " \
        f"SECRET_API_KEY={os.environ.get('SECRET_API_KEY', '')}"


@server.tool(description="Name this process's network namespace and its interfaces.", structured_output=False)
def network() -> str:
    with open("/proc/self/net/dev") as f:
        interfaces = sorted(line.split(":")[0].strip() for line in f.readlines()[2:])
    return f"netns={os.readlink('/proc/self/ns/net')} interfaces={','.join(interfaces)}"


if __name__ == "__main__":
    anyio.run(server.run_stdio_async)
