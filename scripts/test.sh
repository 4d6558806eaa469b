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

# The two builds run side by side: the debug build with the tests, and the release build (static
# Swift runtime) that the benchmarks and the offline kit use, with the kit's man-page tool. Each
# leaves a core idle for long stretches (a release build compiles a module on one core), so
# together they take minutes less than one after the other. SwiftPM locks a scratch folder, so the
# release build gets its own; the packages are resolved once first, so the two never race on
# SwiftPM's shared cache. The Python fixtures download meanwhile: the MCP servers (.build/mcp-venv)
# and the benchmarks' peers (.build-venv/peers). Each background job's output is kept in
# .build/ci-logs/NAME.log.
step swift package resolve
export CODEX_RELEASE_SCRATCH=.build-release
mkdir -p .build/ci-logs
background_pids=() background_names=()
in_background() {  # in_background NAME COMMAND...
    local name=$1
    shift
    (step "$@") > ".build/ci-logs/$name.log" 2>&1 &
    background_pids+=($!) background_names+=("$name")
}
wait_for_background() {
    local i
    for i in "${!background_pids[@]}"; do
        if ! wait "${background_pids[$i]}"; then
            tail -n 40 ".build/ci-logs/${background_names[$i]}.log" >&2
            echo "test.sh: ${background_names[$i]} failed (its log: .build/ci-logs/${background_names[$i]}.log)" >&2
            exit 1
        fi
        grep "^test.sh: " ".build/ci-logs/${background_names[$i]}.log" >&2
    done
}
in_background release-build bash -c 'source scripts/lib/release.sh && release_build --product codex && release_build --product codex-bench && scripts/kit/manual.sh --build-tool'
in_background python-fixtures bash -c 'scripts/mcp-fixtures.sh && scripts/bench/peers/setup.sh &&
    source scripts/lib/local-model.sh && local_model_setup .build/e2e-llama'
# Headless Chromium (Debian's), for the browser suites below.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
    in_background chromium bash -c "$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null"
fi
step swift build --build-tests
step wait_for_background
# The MCP suites start Python servers (a CPU-second each), which starves the timing-sensitive
# suites on 2 cores; they run on their own below, inside a network namespace.
step swift test --skip-build --parallel --skip "MCP"
step scripts/airgap-check.sh .build/debug/codex
# Headless Chromium against `codex serve`: hostile pages from another origin and by DNS rebinding
# must read and change nothing; then the web UI end to end (about a minute in all).
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
