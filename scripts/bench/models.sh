#!/usr/bin/env bash
# Models across the air gap: `codex models export` and `import` of an Ollama model whose weights
# are 1 GiB (64 MiB with --quick), beside cp and GNU tar moving the same files without any check.
# codex hashes every byte both ways, verifies everything before installing and syncs the files
# to disk before the manifest is published; cp and tar do none of that.
set -euo pipefail
source scripts/bench/lib.sh
mib=1024
quick && mib=64
w=$(mktemp -d "${TMPDIR:-/tmp}/codex-bench-models.XXXXXX")
trap 'rm -rf "$w"' EXIT
python3 - "$w/ollama" "$mib" <<'PY'
import hashlib, json, os, sys
folder, mib = sys.argv[1], int(sys.argv[2])
os.makedirs(f"{folder}/blobs")
def blob(data_or_writer, media):
    h, size, tmp = hashlib.sha256(), 0, f"{folder}/blobs/tmp"
    with open(tmp, "wb") as f:
        for chunk in data_or_writer:
            h.update(chunk); f.write(chunk); size += len(chunk)
    os.rename(tmp, f"{folder}/blobs/sha256-{h.hexdigest()}")
    return {"mediaType": media, "digest": f"sha256:{h.hexdigest()}", "size": size}
weights = (b"GGUF" + os.urandom((1 << 20) - 4) if i == 0 else os.urandom(1 << 20) for i in range(mib))
config = blob([json.dumps({"model_format": "gguf", "model_family": "llama", "file_type": "Q4_0"}).encode()],
              "application/vnd.docker.container.image.v1+json")
layers = [blob(weights, "application/vnd.ollama.image.model"),
          blob([b"{{ .Prompt }}"], "application/vnd.ollama.image.template"),
          blob([b'{"stop":["</s>"]}'], "application/vnd.ollama.image.params")]
path = f"{folder}/manifests/registry.ollama.ai/library/bench/latest"
os.makedirs(os.path.dirname(path))
json.dump({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
           "config": config, "layers": layers}, open(path, "w"))
PY
mb=$(du -sb "$w/ollama" | python3 -c 'import sys; print(int(sys.stdin.read().split()[0]) / 1e6)')
say "model of $mb MB in $w/ollama"
runs=3
"$CODEX" models export bench:latest --from "$w/ollama" -o "$w/codex.tar" -q  # warm the page cache alike for all
timed models-export $runs "$CODEX models export bench:latest --from $w/ollama -o $w/codex.tar -q"
timed models-cp $runs "rm -rf $w/cp && mkdir $w/cp && cp -r $w/ollama/blobs $w/ollama/manifests $w/cp/"
rm -rf "$w/cp"
timed models-tar-pack $runs "tar -cf $w/plain.tar -C $w/ollama blobs manifests"
timed models-import $runs "rm -rf $w/imported && $CODEX models import $w/codex.tar --to $w/imported -q"
rm -rf "$w/imported"
timed models-tar-unpack $runs "rm -rf $w/unpacked && mkdir $w/unpacked && tar -xf $w/plain.tar -C $w/unpacked"
rm -rf "$w/unpacked" && sync
# The same with its files on disk at the end, as codex's are (sync(1) flushes only what tar wrote, the machine being otherwise quiet).
timed models-tar-unpack-sync $runs "rm -rf $w/unpacked && mkdir $w/unpacked && tar -xf $w/plain.tar -C $w/unpacked && sync"
rm -rf "$w/unpacked"
rate() { ratio "$mb" "$(python3 -c "print($(field "$BENCH_WORK/$1.json" p50_ms) / 1000)")"; }
rec models "export: MB/s" codex "$(rate models-export)" MB/s higher
rec models "export: MB/s" "cp -r (no archive, no checks)" "$(rate models-cp)" MB/s higher
rec models "export: MB/s" "tar -cf (no checks)" "$(rate models-tar-pack)" MB/s higher
rec models "import: MB/s" codex "$(rate models-import)" MB/s higher
rec models "import: MB/s" "tar -xf (no checks, no sync)" "$(rate models-tar-unpack)" MB/s higher
rec models "import: MB/s" "tar -xf && sync (no checks)" "$(rate models-tar-unpack-sync)" MB/s higher
rec models "export: peak RSS MB" codex "$(field "$BENCH_WORK/models-export.json" peak_rss_mb)" MB
rec models "import: peak RSS MB" codex "$(field "$BENCH_WORK/models-import.json" peak_rss_mb)" MB
