# Where the release build lives (sourced from the repository root by the scripts that build or run it).
# SwiftPM locks its scratch folder for a whole command, so scripts/test.sh gives the release build a
# folder of its own (CODEX_RELEASE_SCRATCH=.build-release) to build it beside the debug build.
# Everyone else gets .build, as a plain `swift build -c release` would.
release_scratch="${CODEX_RELEASE_SCRATCH:-.build}"
release_dir="$PWD/$release_scratch/release"
# Static Swift runtime, as the offline kit ships it (scripts/package.sh): every release build uses
# the same flags, because switching them recompiles every Swift module.
release_build() { swift build -c release --static-swift-stdlib --scratch-path "$release_scratch" "$@"; }
