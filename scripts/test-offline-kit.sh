#!/usr/bin/env bash
# The offline kit, checked as an air-gapped user would meet it:
#  1. builds it (scripts/package.sh) unless --kit DIR names one already built;
#  2. ldd: the binary needs nothing from the Swift toolchain, only Debian 12 libraries;
#  3. installs the tarball into a fresh prefix and HOME inside `unshare -n` (only loopback), then
#     ingests docs/sample with the built-in embedder, answers with citations, serves the web UI and
#     finds the man page and completions — with the toolchain and repository out of reach;
#  4. install.sh names the Debian package of a missing library;
#  5. the .deb: dpkg-deb --info/--contents, then installed and removed with dpkg in a throw-away root.
# Usage: scripts/test-offline-kit.sh [--kit DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started=$(date +%s)
step_start=$started
step() { local now; now=$(date +%s); printf '== %-60s %4d s\n' "$1" $((now - step_start)) >&2; step_start=$now; }
fail() { echo "FAIL: $*" >&2; exit 1; }

dist="$root/dist"
if [[ "${1:-}" == --kit ]]; then
    dist="$(realpath "$2")"
else
    scripts/package.sh --out "$dist"
    step "scripts/package.sh"
fi
(cd "$dist" && sha256sum -c --quiet SHA256SUMS) || fail "dist/SHA256SUMS does not match"
tarball=$(ls "$dist"/codex-*-linux-x86_64.tar.gz | head -1)
deb=$(ls "$dist"/codex_*_amd64.deb | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
kit=$(ls -d "$work"/codex-*-linux-x86_64)

# 2. Nothing from the toolchain: no libswift*/libFoundation*, no path into it, nothing unresolved.
ldd "$kit/bin/codex" > "$work/ldd.txt"
cat "$work/ldd.txt" >&2
toolchain=/opt/swift
command -v swift >/dev/null && toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")
if grep -E "not found|swift|Foundation|dispatch|BlocksRuntime" "$work/ldd.txt" || grep -F "$toolchain" "$work/ldd.txt"; then
    fail "the binary needs libraries from the Swift toolchain or missing ones"
fi
while read -r lib; do
    [[ -z "$lib" ]] && continue
    dpkg -S "$(readlink -f "$lib")" >/dev/null 2>&1 || dpkg -S "$lib" >/dev/null 2>&1 || fail "$lib belongs to no Debian package"
done < <(awk '/=>/ {print $3}' "$work/ldd.txt")
step "ldd: only Debian libraries ($(grep -c '=>' "$work/ldd.txt") linked), binary $(du -h "$kit/bin/codex" | cut -f1)"

# 3. Install and use it with no network, from a folder outside the repository, with the
#    toolchain hidden (PATH without it) and a HOME that has never seen codex.
cp -r docs/sample "$work/sample"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
unshare -n env -i PATH=/usr/bin:/bin:/usr/sbin:/sbin HOME="$work/home" LANG=C.UTF-8 KIT="$kit" W="$work" PORT="$port" \
    bash -euo pipefail -c '
    ip link set lo up
    if ip route get 1.1.1.1 >/dev/null 2>&1; then echo "the namespace has a route out" >&2; exit 1; fi
    mkdir -p "$HOME"
    if command -v swift >/dev/null; then echo "the Swift toolchain is on the PATH here" >&2; exit 1; fi
    "$KIT/install.sh" --prefix "$W/prefix" > "$W/install.txt"
    cat "$W/install.txt" >&2
    export PATH="$W/prefix/bin:$PATH"
    cd "$W"
    codex --version
    codex doctor > doctor.txt
    grep -q "weights found in $W/prefix/share/codex/models/all-minilm-l6-v2" doctor.txt
    codex ingest sample --quiet
    codex docs list | tee docs.txt >&2
    grep -Eq "default +[0-9]+ +[0-9]+ +[0-9]+" docs.txt
    codex ask --json "How do I rotate the signing key?" > ask.json
    python3 - <<PY
import json
reply = json.load(open("ask.json"))
assert reply["mode"] == "extractive", reply["mode"]
paths = [c["path"] for c in reply["citations"]]
assert any(p.endswith("operations/key-rotation.md") for p in paths), paths
assert "key" in reply["answer"], reply["answer"]
print("ask: cited", paths)
PY
    codex ask --retrieval semantic --json "replacing the signing credentials" > semantic.json
    python3 - <<PY
import json
reply = json.load(open("semantic.json"))
assert reply["citations"], reply
print("semantic: cited", reply["citations"][0]["path"])
PY
    codex serve --port "$PORT" > serve.log 2>&1 &
    server=$!
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
    curl -sf "http://127.0.0.1:$PORT/" | grep -q "<html" || { cat serve.log >&2; kill $server; echo "no web UI" >&2; exit 1; }
    curl -sf "http://127.0.0.1:$PORT/ui/app.js" >/dev/null || { kill $server; echo "no app.js" >&2; exit 1; }
    kill $server; wait $server 2>/dev/null || true
    test -s "$W/prefix/share/man/man1/codex.1" && test -s "$W/prefix/share/man/man1/codex.ask.1"
    grep -q "codex" "$W/prefix/share/bash-completion/completions/codex"
    bash -c "source $W/prefix/share/bash-completion/completions/codex && complete -p codex" >/dev/null
    echo "in the namespace: installed, ingested, asked (keyword and semantic), served the UI"
'
step "install + ingest + ask + serve in unshare -n (fresh prefix and HOME)"

# 4. A missing library is named with its Debian package, and refused when codex could not start.
printf '\tlibsqlite3.so.0 (libc6,x86-64) => /x\n\tlibarchive.so.13 (libc6,x86-64) => /x\n\tlibcurl.so.4 (libc6,x86-64) => /x\n' > "$work/ldconfig-out"
if CODEX_KIT_LDCONFIG="cat $work/ldconfig-out" "$kit/install.sh" --check > "$work/check.txt" 2>&1; then :; else fail "install.sh --check failed with only OpenBLAS missing"; fi
grep -q "missing: libopenblas.so.0 (Debian package libopenblas0)" "$work/check.txt" || { cat "$work/check.txt"; fail "OpenBLAS not named"; }
grep -q "apt-get install libopenblas0" "$work/check.txt" || fail "no apt-get hint"
grep -v libarchive "$work/ldconfig-out" > "$work/ldconfig-out2"
if CODEX_KIT_LDCONFIG="cat $work/ldconfig-out2" "$kit/install.sh" --prefix "$work/never" > "$work/check2.txt" 2>&1; then
    fail "install.sh went ahead without libarchive"
fi
grep -q "libarchive13" "$work/check2.txt" && [[ ! -e "$work/never" ]] || fail "missing libarchive not reported, or files written"
echo "x" >> "$kit/share/codex/ui/app.js"
if "$kit/install.sh" --prefix "$work/never" > /dev/null 2>&1; then fail "install.sh accepted a damaged kit"; fi
step "install.sh names missing packages, refuses a damaged kit"

# 5. The .deb.
dpkg-deb --info "$deb" | tee "$work/info.txt" >&2
depends=$(sed -n 's/^ Depends: //p' "$work/info.txt")
grep -q "^ Suggests: poppler-utils" "$work/info.txt" || fail "no Suggests: poppler-utils"
for package in $(echo "$depends" | tr ',|' '\n\n' | sed 's/(.*)//; s/ //g' | grep .); do
    apt-cache show "$package" >/dev/null 2>&1 || fail "Depends names $package, which Debian 12 does not have"
done
dpkg-deb --contents "$deb" > "$work/contents.txt"
for f in ./usr/bin/codex ./usr/share/codex/ui/index.html ./usr/share/codex/models/all-minilm-l6-v2/model.safetensors \
    ./usr/share/man/man1/codex.1.gz ./usr/share/bash-completion/completions/codex ./usr/share/doc/codex/copyright; do
    grep -q " $f\$" "$work/contents.txt" || fail "the .deb lacks $f"
done
# A throw-away root that knows what this machine has installed, so Depends are checked for real.
droot="$work/root"
mkdir -p "$droot/var/lib/dpkg/updates" "$droot/var/lib/dpkg/info" "$droot/var/log"
cp /var/lib/dpkg/status "$droot/var/lib/dpkg/status"
touch "$droot/var/lib/dpkg/available"
# (Its info/ has no file lists of those packages, so dpkg -r warns about each: kept in a log.)
dpkgr() { dpkg --root="$droot" --force-script-chrootless --force-not-root "$@" > "$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg $*"; }; }
dpkgr -i "$deb"
[[ -x "$droot/usr/bin/codex" ]] || fail "dpkg did not install usr/bin/codex"
CODEX_HOME="$work/deb-home" "$droot/usr/bin/codex" doctor | grep -q "weights found in $droot/usr/share/codex/models" \
    || fail "the installed .deb binary does not find its weights"
dpkgr -r codex
[[ ! -e "$droot/usr/bin/codex" && ! -e "$droot/usr/share/codex" ]] || fail "dpkg -r left files behind"
step "dpkg-deb --info/--contents; dpkg -i / -r in a throw-away root"
printf '== PASS: offline kit in %d s (tarball %s, .deb %s)\n' $(( $(date +%s) - started )) \
    "$(du -h "$tarball" | cut -f1)" "$(du -h "$deb" | cut -f1)" >&2
