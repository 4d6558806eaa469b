#!/usr/bin/env bash
# Builds the mixed-format evaluation tree from one Markdown corpus: every Markdown file of
# attrs 24.2.0's docs (from the pinned PyPI sdist) converted, in turn by sorted name, to DOCX,
# HTML, PDF and EPUB, so one tree holds all four formats and each answer lives in one file.
# PDF is printed by headless Chromium from pandoc's standalone HTML (Chromium adds an outline
# from the HTML headings). Tools from Debian: `apt-get install pandoc chromium`.
#
#   scripts/eval/make-mixed-corpus.sh SOURCE_DOCS_DIR OUT_DIR
#
# The questions are scripts/eval/attrs-24.2.0-mixed-questions.json, whose `relevant` paths
# name the converted files (init.epub, examples.html, …).
set -euo pipefail
src=${1:?usage: make-mixed-corpus.sh SOURCE_DOCS_DIR OUT_DIR}
out=${2:?usage: make-mixed-corpus.sh SOURCE_DOCS_DIR OUT_DIR}
for tool in pandoc chromium; do
    command -v "$tool" >/dev/null || { echo "error: $tool is missing; apt-get install pandoc chromium" >&2; exit 1; }
done
rm -rf "$out"
mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
formats=(docx html pdf epub)
i=0
for file in $(cd "$src" && ls *.md | sort); do
    case $file in changelog.md | license.md) continue ;; esac
    name=${file%.md}
    format=${formats[$((i % 4))]}
    i=$((i + 1))
    # The first heading is the title; MyST's `{role}` and `:::{directive}` read as plain text.
    title=$(grep -m1 '^# ' "$src/$file" | sed 's/^# //; s/[*_`]//g')
    case $format in
        docx | epub)
            pandoc -f markdown -t "$format" --metadata title="$title" -o "$out/$name.$format" "$src/$file" ;;
        html)
            pandoc -f markdown -t html5 --standalone --metadata title="$title" -o "$out/$name.html" "$src/$file" ;;
        pdf)
            pandoc -f markdown -t html5 --standalone --metadata title="$title" -o "$scratch/$name.html" "$src/$file"
            chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --generate-pdf-document-outline \
                --print-to-pdf="$out/$name.pdf" "file://$scratch/$name.html" >/dev/null 2>&1 ;;
    esac
done
ls "$out"
