#!/usr/bin/env bash
# Proves codex works with no network: runs ingest, ask and docs list inside a network namespace
# whose only interface is loopback. Any failure (or any attempt to reach the network) fails.
#   scripts/airgap-check.sh [PATH_TO_CODEX]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
codex="$(realpath "${1:-$root/.build/release/codex}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! unshare -n true 2>/dev/null; then
    echo "airgap-check: cannot create a network namespace here (need root or user namespaces)" >&2
    exit 1
fi
unshare -n bash -euo pipefail -c '
    ip link set lo up
    if ip route get 1.1.1.1 >/dev/null 2>&1; then echo "airgap-check: namespace has a route out" >&2; exit 1; fi
    export CODEX_HOME="$2/home" MODEL_PROVIDER=auto
    "$1" ingest "$3/docs/sample" --store "$2/s.sqlite" --quiet
    "$1" ask "How do I rotate the signing key?" --store "$2/s.sqlite" | tee "$2/answer.txt"
    grep -q "signing" "$2/answer.txt"
    "$1" docs list --store "$2/s.sqlite"
' airgap "$codex" "$work" "$root"
echo "airgap-check: passed (ingest, ask, docs list with only loopback)"
