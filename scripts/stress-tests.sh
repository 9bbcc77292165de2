#!/usr/bin/env bash
# Runs the window tests N times, then the whole suite twice, all with one core kept busy by a
# spinning process, and counts the runs that failed: a test that depends on the machine's speed
# shows up here. Prints "F failed runs of M" last and exits 1 when F is not 0.
#
# Usage: scripts/stress-tests.sh [N]   (N window runs, 10 by default)
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-10}
log_dir=$(mktemp -d)
busy_pid=""
cleanup() {
    [ -n "$busy_pid" ] && kill "$busy_pid" 2>/dev/null
    wait 2>/dev/null || true
}
trap cleanup EXIT

# Build first, unloaded: the runs below then measure the tests, not the compiler.
cargo test --locked --no-run >/dev/null 2>&1 || { echo "the tests do not build" >&2; exit 1; }

# One core busy for as long as the runs last.
(while :; do :; done) &
busy_pid=$!

failed=0
total=0
run() { # name, then the cargo test arguments
    local name=$1
    shift
    total=$((total + 1))
    if cargo test --locked "$@" >"$log_dir/$name.log" 2>&1; then
        echo "ok      $name"
    else
        failed=$((failed + 1))
        echo "FAILED  $name (log: $log_dir/$name.log)"
        grep -E "^thread '.*' panicked|^test .* FAILED" "$log_dir/$name.log" | head -5 || true
    fi
}

for i in $(seq "$runs"); do
    run "window-$i" --test gui
done
for i in 1 2; do
    run "suite-$i"
done

echo "$failed failed runs of $total"
[ "$failed" -eq 0 ]
