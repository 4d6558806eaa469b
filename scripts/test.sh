#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine (packages, model weights) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each step says how long it took, so the CI budget (30 minutes on 2 cores) can be kept an eye on.
started=$SECONDS
step() {
    local began=$SECONDS
    "$@"
    echo "test.sh: $* took $((SECONDS - began)) s (total $((SECONDS - started)) s, load $(cut -d' ' -f1 /proc/loadavg))" >&2
}
step scripts/setup.sh --no-build
# The MCP fixtures (the mcp Python SDK and mcp-server-time, from PyPI into .build/mcp-venv).
step scripts/mcp-fixtures.sh
step swift build --build-tests
# The MCP suites start Python servers (a CPU-second each), which starves the timing-sensitive
# suites on 2 cores; they run on their own below, inside a network namespace.
step swift test --skip-build --parallel --skip "MCP"
step scripts/airgap-check.sh .build/debug/codex
# Headless Chromium (Debian's) against `codex serve`: hostile pages from another origin and by DNS
# rebinding must read and change nothing; then the web UI end to end (about a minute in all).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi
step env SKIP_BUILD=1 scripts/test-browser-security.sh
step env SKIP_BUILD=1 scripts/test-web-ui.sh .build/web-ui-screenshot.png
step scripts/mcp-airgap-check.sh
# A real llama.cpp server and model from PyPI, end to end (about a minute).
step scripts/e2e-local-model.sh
# The benchmark suite on small inputs, so its harness never rots: every figure must be produced
# (release build, peers from PyPI; a few minutes). Its report goes to .build/bench-quick/.
step scripts/bench.sh --quick
# The same embedder figures and vectors with the OpenBLAS kernel set some machines force.
step scripts/bench/check-kernel-sets.sh
# The offline kit (tarball and .deb) built, installed and used inside `unshare -n`. Last, because its
# static release build reuses the release objects the benchmarks just built: only the link runs again.
step scripts/test-offline-kit.sh
