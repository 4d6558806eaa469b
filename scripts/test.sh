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

# What only downloads runs in the background while the debug build takes both cores: the MCP
# fixtures (.build/mcp-venv), the benchmarks' peers (.build-venv/peers) and corpora, the local
# model for the end-to-end test, and Debian's Chromium for the browser suites. (The two Swift
# builds run one after the other: side by side, each took as long as both in turn.) Each
# background job's output is kept in .build/ci-logs/NAME.log.
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
in_background python-fixtures bash -c 'scripts/mcp-fixtures.sh && scripts/bench/peers/setup.sh && source scripts/lib/local-model.sh && local_model_setup .build/e2e-llama'
in_background corpora bash -c 'BENCH_MODE=quick BENCH_WORK="$PWD/.build/bench-quick" BENCH_RESULTS=/dev/null scripts/bench/corpora.sh && for sdist in black==24.10.0 attrs==24.2.0; do python3 -m pip download --quiet --no-deps --no-binary "${sdist%%==*}" "$sdist" -d .build/bench-quick/eval/downloads; done'
# Debian's packages the suites need: Chromium for the browser suites, and PostgreSQL 15, whose
# binaries the store suites start themselves in a temporary folder.
apt_packages=()
command -v chromium >/dev/null && command -v chromedriver >/dev/null || apt_packages+=(chromium chromium-driver)
[[ -x /usr/lib/postgresql/15/bin/initdb ]] || apt_packages+=(postgresql-15)
if ((${#apt_packages[@]})); then
    sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
    in_background apt bash -c "$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq ${apt_packages[*]} >/dev/null"
fi
step swift build --build-tests
step wait_for_background
# The MCP suites start Python servers (a CPU-second each), which starves the timing-sensitive
# suites on 2 cores; they run on their own below, inside a network namespace.
# At most 8 tests run at once: Swift Testing otherwise starts all ~500 together, and a test resumed
# after an await queues behind every one of them (tens of seconds on a loaded 2-core machine).
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=8
step swift test --skip-build --parallel --skip "MCP"
step scripts/airgap-check.sh .build/debug/codex
# Headless Chromium against `codex serve`: hostile pages from another origin and by DNS rebinding
# must read and change nothing; then the web UI end to end (about a minute in all).
step env SKIP_BUILD=1 scripts/test-browser-security.sh
step env SKIP_BUILD=1 scripts/test-web-ui.sh .build/web-ui-screenshot.png
step scripts/mcp-airgap-check.sh
# A team server: two replicas on one PostgreSQL database under 2,000 chats, one killed mid-stream (20 s).
step env SKIP_BUILD=1 scripts/test-team.sh
# A real llama.cpp server and model from PyPI, end to end (about a minute).
step scripts/e2e-local-model.sh
# The offline kit (tarball and .deb), whose release build of codex the benchmarks then use. (Built
# after the benchmarks, its build recompiled Hummingbird and ArgumentParser once more: a minute.)
step scripts/package.sh --out dist
# The kit installed and used inside `unshare -n`, beside the benchmark suite on small inputs, which
# checks its harness never rots: every figure must be produced (codex-bench's release build, peers
# from PyPI; a few minutes). Its report goes to .build/bench-quick/.
background_pids=() background_names=()
in_background offline-kit scripts/test-offline-kit.sh --kit dist
step scripts/bench.sh --quick
step wait_for_background
# The same embedder figures and vectors with the OpenBLAS kernel set some machines force.
step scripts/bench/check-kernel-sets.sh
