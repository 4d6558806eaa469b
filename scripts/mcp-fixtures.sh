#!/usr/bin/env bash
# Installs the MCP test fixtures from PyPI into .build/mcp-venv: the `mcp` Python SDK (which
# Tests/Fixtures/mcp/fixture_server.py is written with, and which the benchmark's peer client
# uses) and the real `mcp-server-time`, at the exact pins of scripts/mcp-requirements.txt.
# Idempotent: a second run prints only "mcp-fixtures: ready". The MCP tests skip without it.
#   scripts/mcp-fixtures.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.build/mcp-venv"
requirements="$root/scripts/mcp-requirements.txt"
python="${MCP_PYTHON:-python3}"

if [[ ! -x "$venv/bin/python" ]]; then
    echo "mcp-fixtures: creating $venv" >&2
    mkdir -p "$root/.build"
    "$python" -m venv "$venv"
fi
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$want" ]]; then
    echo "mcp-fixtures: installing mcp and mcp-server-time (about 30 s)" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$requirements"
    "$venv/bin/python" -c 'import mcp.server.mcpserver, mcp_server_time' # fails loudly if a pin is broken
    echo "$want" > "$venv/.requirements.sha256"
fi
echo "mcp-fixtures: ready"
