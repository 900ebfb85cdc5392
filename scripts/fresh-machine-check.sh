#!/usr/bin/env bash
# Proves the README's quick start as a new user meets it: a clean clone in a fresh folder, then
# `make demo` and `make test` with PATH reduced to the system's (/usr/bin:/bin and the Swift
# toolchain) — no pyenv, no tools installed by hand. Prints the wall time of each step.
#   scripts/fresh-machine-check.sh [SWIFT_BIN_DIR]    (default: the folder of `swift` on PATH)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
swift_bin=${1:-$(dirname "$(command -v swift)")}
work=$(mktemp -d /tmp/mfaguard-fresh.XXXXXX)
echo "fresh-machine-check: cloning into $work/mfaguard" >&2
git clone -q "$repo" "$work/mfaguard"
# The conformance vectors live in shared/, beside the repository.
ln -s "$(cd "$repo/.." && pwd)/shared" "$work/shared"
cd "$work/mfaguard"
unset PYENV_ROOT PYENV_VERSION PYENV_SHELL VIRTUAL_ENV PYTHONPATH PYTHONHOME
export PATH="/usr/bin:/bin:$swift_bin"
echo "fresh-machine-check: PATH=$PATH, python3 is $(command -v python3) ($(python3 --version 2>&1))" >&2

step() {
    local name=$1
    shift
    local start=$SECONDS status=0
    "$@" >"$work/$name.log" 2>&1 || status=$?
    echo "fresh-machine-check: $name: exit $status after $((SECONDS - start)) s (log: $work/$name.log)"
    tail -5 "$work/$name.log" | sed 's/^/    /'
    return $status
}
step "make-demo" make demo
step "make-test" make test
