#!/usr/bin/env bash
# Answer quality on the four question sets of scripts/eval/, with the release build:
#   django       Django 5.1.4 docs (reStructuredText in .txt files), 60 questions
#   flask        Flask 3.1.0 docs (reStructuredText), 50 questions
#   black        Black 24.10.0 docs (Markdown / MyST), 50 questions
#   attrs-mixed  attrs 24.2.0 docs converted to DOCX, HTML, PDF and EPUB, 44 questions
# For each: ranked hit@1 / hit@5 / MRR@10 (first 10 distinct files of the top 20 passages),
# whether the model-free answer cites a right file first, and whether it holds every key term.
#
#   scripts/eval/run.sh [SET...]          (default: all four)
#
# Corpora come from pinned PyPI sdists (pip download) and, for attrs-mixed, pandoc and Chromium
# (apt-get install pandoc chromium). Stores are kept in $EVAL_WORK/stores (default
# .build/eval/stores) and reused: a later run embeds only what changed, so the first run
# (Django: ~10 minutes on an idle 2-core machine) is the slow one. Reports go to
# $EVAL_WORK/<set>.txt and are printed.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${EVAL_WORK:-.build/eval}
mkdir -p "$work/downloads" "$work/corpora" "$work/stores"
work=$(cd "$work" && pwd)
# EVAL_BENCH: another codex-bench binary (e.g. an earlier build, to compare); EVAL_TAG: a suffix
# that keeps its stores and reports apart.
source scripts/lib/release.sh
bench=${EVAL_BENCH:-$release_dir/codex-bench}
tag=${EVAL_TAG:+-$EVAL_TAG}
[[ -x $bench ]] || release_build --product codex-bench

fetch() {  # fetch PACKAGE VERSION: the sdist, unpacked under downloads/
    local archive
    archive=$(ls "$work"/downloads/"$1"-"$2".tar.gz "$work"/downloads/"${1^}"-"$2".tar.gz 2>/dev/null | head -1 || true)
    if [[ -z $archive ]]; then
        python3 -m pip download --quiet --no-deps --no-binary "$1" "$1==$2" -d "$work/downloads"
        archive=$(ls "$work"/downloads/"$1"-"$2".tar.gz "$work"/downloads/"${1^}"-"$2".tar.gz 2>/dev/null | head -1)
    fi
    local folder
    folder=$(tar tzf "$archive" | head -1 | cut -d/ -f1)
    [[ -d $work/downloads/$folder ]] || tar xzf "$archive" -C "$work/downloads"
    echo "$work/downloads/$folder"
}

corpus() {  # corpus SET: prints the corpus folder, building it once
    local dir=$work/corpora/$1
    if [[ ! -d $dir ]]; then
        case $1 in
            django) cp -r "$(fetch django 5.1.4)/docs" "$dir" ;;
            flask) cp -r "$(fetch flask 3.1.0)/docs" "$dir" ;;
            black) cp -r "$(fetch black 24.10.0)/docs" "$dir" ;;
            attrs-mixed) scripts/eval/make-mixed-corpus.sh "$(fetch attrs 24.2.0)/docs" "$dir" >&2 ;;
        esac
    fi
    echo "$dir"
}

questions() {
    case $1 in
        django) echo scripts/eval/django-5.1.4-questions.json ;;
        flask) echo scripts/eval/flask-3.1.0-questions.json ;;
        black) echo scripts/eval/black-24.10.0-questions.json ;;
        attrs-mixed) echo scripts/eval/attrs-24.2.0-mixed-questions.json ;;
    esac
}

label() {  # the name figures are recorded under in $BENCH_RESULTS
    case $1 in
        django) echo Django ;;
        flask) echo Flask ;;
        black) echo "Black (Markdown)" ;;
        attrs-mixed) echo "attrs (DOCX/HTML/PDF/EPUB)" ;;
    esac
}

sets=("$@")
((${#sets[@]})) || sets=(django flask black attrs-mixed)
for set in "${sets[@]}"; do
    dir=$(corpus "$set")
    echo "== $set ($(cat /proc/loadavg | cut -d' ' -f1-3) load)" >&2
    "$bench" eval --corpus "$dir" --questions "$(questions "$set")" --store "$work/stores/$set$tag.sqlite" \
        --collection eval --label "$(label "$set")" --per-question --misses ${EVAL_ARGS:-} > "$work/$set$tag.txt"
    sed -n '/^corpus:/p; /^| /p' "$work/$set$tag.txt"
done
