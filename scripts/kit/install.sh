#!/bin/sh
# Installs codex from this offline kit; needs no network.
#   ./install.sh                  for you alone: ~/.local/bin/codex, the rest under ~/.local/share/codex
#   sudo ./install.sh --prefix /usr/local      for everyone on this machine
#   ./install.sh --check          only check the files (SHA256SUMS) and the system libraries
# Layout under the prefix: bin/codex; share/codex/ui (web UI) and share/codex/models (the built-in
# embedder's weights), which codex finds relative to its own binary; share/man/man1/codex*.1;
# shell completions for bash, zsh and fish.
set -eu

prefix="$HOME/.local"
check_only=0
force=0
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { echo "error: --prefix needs a directory" >&2; exit 2; }; prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --check) check_only=1; shift ;;
        --force) force=1; shift ;;
        -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
kit="$(cd "$(dirname "$0")" && pwd)"

# 1. Every file as it was packed.
if command -v sha256sum >/dev/null 2>&1; then
    (cd "$kit" && sha256sum --quiet -c SHA256SUMS) || {
        echo "error: some files of this kit do not match SHA256SUMS (damaged copy?)" >&2
        echo "hint: copy the kit again and check the tarball with: sha256sum -c SHA256SUMS" >&2
        exit 1
    }
fi

# 2. The system libraries. codex links libsqlite3 and libarchive (it cannot start without them)
#    and opens libcurl (model servers) and OpenBLAS (the built-in embedder) when first needed.
#    CODEX_KIT_LDCONFIG replaces `ldconfig -p` (the kit's own test uses it).
libraries=$(${CODEX_KIT_LDCONFIG:-ldconfig -p} 2>/dev/null || /sbin/ldconfig -p 2>/dev/null || true)
missing_required=""
missing_optional=""
need() { # SONAME PACKAGE REQUIRED WHAT
    if ! printf '%s\n' "$libraries" | grep -q "^[[:space:]]*$1 "; then
        if [ "$3" = 1 ]; then missing_required="$missing_required $2"; else missing_optional="$missing_optional $2"; fi
        echo "missing: $1 (Debian package $2) — $4" >&2
    fi
}
need libsqlite3.so.0 libsqlite3-0 1 "the store; codex cannot start without it"
need libarchive.so.13 libarchive13 1 "bundles, DOCX/ODT/EPUB; codex cannot start without it"
need libcurl.so.4 libcurl4 0 "talking to model servers (Ollama, llama.cpp); ingest and quoted answers work without it"
need libopenblas.so.0 libopenblas0 0 "the built-in embedder; without it use --embedder none (keyword search only)"
if [ -n "$missing_required$missing_optional" ]; then
    echo "hint: sudo apt-get install$missing_required$missing_optional" >&2
    echo "hint: on a machine with no network, fetch them on a connected Debian 12 machine with" >&2
    echo "      apt-get download$missing_required$missing_optional   (and their own dependencies), then sudo dpkg -i *.deb here" >&2
fi
command -v pdftotext >/dev/null 2>&1 || echo "note: pdftotext (poppler-utils) is not installed; PDF files will be skipped by ingest" >&2
if [ "$check_only" = 1 ]; then
    [ -z "$missing_required" ] && echo "check: the kit's files are intact and codex can start here"
    [ -z "$missing_required" ]
    exit $?
fi
if [ -n "$missing_required" ] && [ "$force" = 0 ]; then
    echo "error: codex cannot start without the libraries above; install them, or pass --force to install anyway" >&2
    exit 1
fi

# 3. Copy, atomically per file: a running codex keeps its old binary until it exits.
copy() { # SOURCE DESTINATION MODE
    mkdir -p "$(dirname "$2")"
    cp "$1" "$2.installing.$$"
    chmod "$3" "$2.installing.$$"
    mv -f "$2.installing.$$" "$2"
}
copy "$kit/bin/codex" "$prefix/bin/codex" 755
(cd "$kit" && find share -type f) | while read -r file; do
    copy "$kit/$file" "$prefix/$file" 644
done
echo "installed codex $("$prefix/bin/codex" --version 2>/dev/null || echo "(it cannot start until the libraries above are installed)") in $prefix"
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "note: $prefix/bin is not on your PATH; add it, e.g. echo 'export PATH=\"$prefix/bin:\$PATH\"' >> ~/.profile" ;;
esac
echo "next: codex ingest ./docs && codex ask \"your question\"   (man codex, codex --help)"
