#!/usr/bin/env bash
# Writes codex's man pages (codex.1, codex.ask.1, …) from the commands themselves, with
# swift-argument-parser's own generate-manual tool, built from the checkout SwiftPM already has
# (no network; a few seconds after the first time).
#   scripts/kit/manual.sh CODEX_BINARY OUTPUT_DIR
#   scripts/kit/manual.sh --build-tool     only builds the tool (scripts/test.sh, beside its builds)
set -euo pipefail
cd "$(dirname "$0")/../.."
parser=.build/checkouts/swift-argument-parser
[[ -f $parser/Package.swift ]] || swift package resolve >/dev/null
swift build --package-path "$parser" --scratch-path .build/generate-manual --product generate-manual 2>&1 \
    | grep -E "error|warning: " >&2 || true
tool="$(swift build --package-path "$parser" --scratch-path .build/generate-manual --show-bin-path)/generate-manual"
[[ -x $tool ]] || { echo "error: could not build swift-argument-parser's generate-manual" >&2; exit 1; }
[[ $1 == --build-tool ]] && exit 0
codex="$(realpath "$1")"
out="$2"
mkdir -p "$out"
date=$(git log -1 --format=%cs 2>/dev/null || date +%F)
"$tool" "$codex" --multi-page --date "$date" --section 1 --output-directory "$out"
ls "$out"/codex.1 >/dev/null
