# The release build (sourced from the repository root by the scripts that build or run it): one
# set of flags and one path. Static Swift runtime, as the offline kit ships it (scripts/package.sh):
# every release build uses the same flags, because switching them recompiles every Swift module.
release_dir="$PWD/.build/release"
release_build() { swift build -c release --static-swift-stdlib "$@"; }
