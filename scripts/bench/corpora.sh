#!/usr/bin/env bash
# Fetches the real corpora from PyPI (pinned sdists) into $BENCH_WORK/corpora, once:
#   django-docs/   Django 5.1.4's docs (605 reStructuredText files, 5.9 MB of text)
#   django-sdist/  the whole Django 5.1.4 sdist (code, docs, translations: 71 MB, 6,809 files)
#   flask-docs/    Flask 3.1.0's docs (86 files)
# with the evaluation questions beside them. Quick mode keeps a few folders of each docs tree,
# and only the questions those folders answer.
set -euo pipefail
source scripts/bench/lib.sh
dir="$BENCH_WORK/corpora"
downloads="$BENCH_WORK/../bench-downloads"
mkdir -p "$dir" "$downloads"

fetch() {  # fetch NAME VERSION ARCHIVE-PREFIX
    local archive
    archive=$(ls "$downloads"/$3-$2.tar.gz 2>/dev/null || true)
    if [[ -z "$archive" ]]; then
        say "downloading the $1==$2 sdist from PyPI"
        python3 -m pip download --quiet --no-deps --no-binary :all: "$1==$2" -d "$downloads"
        archive="$downloads/$3-$2.tar.gz"
    fi
    [[ -d "$downloads/$3-$2" ]] || tar xzf "$archive" -C "$downloads"
}
fetch django 5.1.4 Django
fetch flask 3.1.0 flask

subset() {  # subset SOURCE DEST QUESTIONS OUT-QUESTIONS [FOLDER...]: copy, and keep answerable questions
    local source=$1 dest=$2 questions=$3 out=$4
    shift 4
    rm -rf "$dest"
    if (($#)); then
        mkdir -p "$dest"
        for folder in "$@"; do mkdir -p "$dest/$(dirname "$folder")"; cp -r "$source/$folder" "$dest/$folder"; done
    else
        cp -r "$source" "$dest"
    fi
    python3 - "$dest" "$questions" "$out" <<'PY'
import json, os, sys
dest, source, out = sys.argv[1:4]
data = json.load(open(source))
data["questions"] = [q for q in data["questions"]
                     if any(os.path.exists(os.path.join(dest, path)) for path in q["relevant"])]
json.dump(data, open(out, "w"), indent=1)
PY
}
if quick; then
    subset "$downloads/Django-5.1.4/docs" "$dir/django-docs" scripts/eval/django-5.1.4-questions.json \
        "$dir/django-questions.json" howto faq
    subset "$downloads/flask-3.1.0/docs" "$dir/flask-docs" scripts/eval/flask-3.1.0-questions.json \
        "$dir/flask-questions.json" deploying patterns
    rm -rf "$dir/django-sdist" && cp -r "$downloads/Django-5.1.4/docs/ref" "$dir/django-sdist"
else
    subset "$downloads/Django-5.1.4/docs" "$dir/django-docs" scripts/eval/django-5.1.4-questions.json \
        "$dir/django-questions.json"
    subset "$downloads/flask-3.1.0/docs" "$dir/flask-docs" scripts/eval/flask-3.1.0-questions.json \
        "$dir/flask-questions.json"
    [[ -d "$dir/django-sdist" ]] || cp -r "$downloads/Django-5.1.4" "$dir/django-sdist"
fi
for corpus in django-docs flask-docs django-sdist; do
    say "$corpus: $(find "$dir/$corpus" -type f | wc -l) files, $(du -sh "$dir/$corpus" | cut -f1)"
done
