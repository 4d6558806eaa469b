#!/usr/bin/env bash
# Runs the MCP tests (scripts/test.sh leaves them out of its parallel run) on their own, inside a
# network namespace whose only interface is loopback: the fixture servers, the real
# mcp-server-time, `codex tools`, a chat with a scripted loopback model and `codex doctor` must
# all work with no network, and the suites must run, not skip.
#   scripts/mcp-airgap-check.sh        (after swift build --build-tests and scripts/mcp-fixtures.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! unshare -n true 2>/dev/null; then
    echo "mcp-airgap-check: cannot create a network namespace here (need root or user namespaces)" >&2
    exit 1
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
unshare -n bash -euo pipefail -c '
    ip link set lo up
    if ip route get 1.1.1.1 >/dev/null 2>&1; then echo "mcp-airgap-check: namespace has a route out" >&2; exit 1; fi
    swift test --skip-build --parallel --filter "MCP"
' >"$log" 2>&1 || status=$?
grep -E "Suite .*(passed|failed|skipped)|recorded an issue|error:" "$log" || true
((status == 0)) || { tail -40 "$log" >&2; echo "mcp-airgap-check: the MCP tests failed with no network" >&2; exit 1; }
for suite in MCPConfigurationTests MCPClientTests MCPFixtureServerTests MCPEndToEndTests MCPChatRouteTests; do
    grep -qE "Suite \"?$suite\"? passed" "$log" || {
        echo "mcp-airgap-check: $suite did not run (skipped?)" >&2
        exit 1
    }
done
echo "mcp-airgap-check: passed (MCP fixtures, mcp-server-time, tools, chat and doctor with only loopback)"
