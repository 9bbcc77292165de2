#!/usr/bin/env bash
# The window's costs, measured under Xvfb (a release build is what a teacher runs):
#   cold start  — from exec to the window on screen (target: under 1 s);
#   idle CPU    — over 30 s with nothing happening (target: under 1 %);
#   memory      — peak RSS over the whole course in the practice lab (the tour).
#
#   scripts/bench-gui.sh [BINARY]     (default: target/release/pve-ha-wizard)
set -euo pipefail
source "$(dirname "$0")/lib/xvfb.sh"

binary=${1:-target/release/pve-ha-wizard}
idle_seconds=${IDLE_SECONDS:-30}
xvfb_start "${BENCH_DISPLAY:-:97}"

# Cold start: the median of five.
starts=()
for _ in 1 2 3 4 5; do
    begin=$(date +%s.%N)
    "${app_env[@]}" "$binary" >/dev/null 2>&1 &
    app=$!
    wait_for_window 30
    end=$(date +%s.%N)
    starts+=("$(awk -v a="$begin" -v b="$end" 'BEGIN {printf "%.3f", b - a}')")
    kill "$app"; wait "$app" 2>/dev/null || true
done
start_median=$(printf '%s\n' "${starts[@]}" | sort -n | sed -n 3p)
echo "cold start to window: median ${start_median} s (runs: ${starts[*]})"

# Idle CPU: the window open on its first page, nobody touching it.
"${app_env[@]}" "$binary" >/dev/null 2>&1 &
app=$!
pids+=("$app")
wait_for_window 30
sleep 3
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks "$app")
sleep "$idle_seconds"
after=$(ticks "$app")
idle=$(awk -v t="$((after - before))" -v hz="$hz" -v s="$idle_seconds" 'BEGIN {printf "%.2f", 100 * t / hz / s}')
echo "idle CPU over ${idle_seconds} s: ${idle} %"
kill "$app"

# Memory over the whole course in the practice lab, failover included.
/usr/bin/time -v -o "$workdir/time.txt" "${app_env[@]}" "$binary" --lang en --tour "$workdir/shots" \
    >/dev/null 2>&1
peak=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$workdir/time.txt")
echo "peak RSS over the whole course (tour): $((peak / 1024)) MiB"
