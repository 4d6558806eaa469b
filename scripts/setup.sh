#!/usr/bin/env bash
# Installs what codex needs on Debian 12, fetches the built-in embedder's weights, and builds.
# Idempotent: a second run installs nothing and rebuilds only what changed.
#   scripts/setup.sh             system packages + model + release build
#   scripts/setup.sh --no-build  system packages + model only (used by scripts/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
[[ "${1:-}" == "--no-build" ]] && build=0

packages=(libcurl4-openssl-dev libsqlite3-dev libarchive-dev libopenblas-dev pkg-config poppler-utils curl python3 python3-pip python3-venv)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
drop() { local kept=(); for p in "${missing[@]}"; do [[ "$p" == "$1" ]] || kept+=("$p"); done; missing=("${kept[@]}"); }
# python3/pip may come from elsewhere (pyenv): only install them when the command is absent.
if command -v python3 >/dev/null && python3 -m pip --version >/dev/null 2>&1; then
    drop python3
    drop python3-pip
    # venv is needed by the end-to-end script; Debian's python3 lacks ensurepip without python3-venv.
    if python3 -c 'import ensurepip' 2>/dev/null; then drop python3-venv; fi
fi
command -v curl >/dev/null && drop curl
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null; then
    echo "error: swift is not on PATH" >&2
    echo "hint: install Swift 6 (https://www.swift.org/install/linux/) and run this again" >&2
    exit 1
fi

python3 scripts/fetch-model.py models/all-minilm-l6-v2

if ((build)); then
    echo "setup: building codex (release)"
    source scripts/lib/release.sh
    release_build --product codex 2>&1 | grep -E "error|warning: |Compiling codex|Build complete" || true
    test -x "$release_dir/codex" || { echo "error: the release build failed" >&2; exit 1; }
    echo "setup: codex is at $release_dir/codex"
fi
