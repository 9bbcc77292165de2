#!/usr/bin/env bash
# The window's costs, measured under Xvfb (a release build is what a teacher runs):
#   cold start  — from exec to the window on screen (target: under 1 s);
#   idle CPU    — over 30 s with nothing happening (target: under 1 %);
#   memory      — peak RSS over the whole course in the practice lab (the tour).
#
#   scripts/bench-gui.sh [BINARY]     (default: target/release/pve-ha-wizard)
set -euo pipefail

binary=${1:-target/release/pve-ha-wizard}
display=${BENCH_DISPLAY:-:97}
idle_seconds=${IDLE_SECONDS:-30}
workdir=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$workdir"
}
trap cleanup EXIT

Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$workdir/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
    xdpyinfo -display "$display" >/dev/null 2>&1 && break
    sleep 0.1
done
run_env=(env -u DBUS_SESSION_BUS_ADDRESS HOME="$workdir" XDG_CONFIG_HOME="$workdir/config"
    DISPLAY="$display" WAYLAND_DISPLAY=)

# Cold start: the median of five.
starts=()
for _ in 1 2 3 4 5; do
    begin=$(date +%s.%N)
    "${run_env[@]}" "$binary" >/dev/null 2>&1 &
    app=$!
    DISPLAY="$display" timeout 30 xdotool search --sync --onlyvisible --name '^pve-ha-wizard$' >/dev/null
    end=$(date +%s.%N)
    starts+=("$(awk -v a="$begin" -v b="$end" 'BEGIN {printf "%.3f", b - a}')")
    kill "$app"; wait "$app" 2>/dev/null || true
done
start_median=$(printf '%s\n' "${starts[@]}" | sort -n | sed -n 3p)
echo "cold start to window: median ${start_median} s (runs: ${starts[*]})"

# Idle CPU: the window open on its first page, nobody touching it.
"${run_env[@]}" "$binary" >/dev/null 2>&1 &
app=$!
pids+=("$app")
DISPLAY="$display" timeout 30 xdotool search --sync --onlyvisible --name '^pve-ha-wizard$' >/dev/null
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
/usr/bin/time -v -o "$workdir/time.txt" "${run_env[@]}" "$binary" --lang en --tour "$workdir/shots" \
    >/dev/null 2>&1
peak=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$workdir/time.txt")
echo "peak RSS over the whole course (tour): $((peak / 1024)) MiB"
