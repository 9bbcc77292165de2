#!/usr/bin/env bash
# The real window under Xvfb: the app walks itself through the course in a practice lab
# (`--tour`) and saves a screenshot of each main page. Fails if the window does not appear, if the
# tour stops early, or if a screenshot is missing or blank.
#
#   scripts/screenshots.sh [BINARY] [DIR] [LANG]
#       default: target/debug/pve-ha-wizard, docs/screenshots, en
set -euo pipefail

binary=${1:-target/debug/pve-ha-wizard}
dir=${2:-docs/screenshots}
lang=${3:-en}
display=${SCREENSHOTS_DISPLAY:-:98}
pages=(start connect hostnames join storage iso vm ha failover)

workdir=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$workdir"
}
trap cleanup EXIT

mkdir -p "$dir"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$workdir/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
    xdpyinfo -display "$display" >/dev/null 2>&1 && break
    sleep 0.1
done

# A throw-away home: the tour must not read or write the user's profile or keychain.
env -u DBUS_SESSION_BUS_ADDRESS HOME="$workdir" XDG_CONFIG_HOME="$workdir/config" \
    DISPLAY="$display" WAYLAND_DISPLAY= \
    "$binary" --lang "$lang" --tour "$dir" >"$workdir/app.log" 2>&1 &
app=$!
pids+=("$app")

if ! DISPLAY="$display" timeout 60 xdotool search --sync --name '^pve-ha-wizard$' >/dev/null; then
    echo "screenshots: no window appeared" >&2
    cat "$workdir/app.log" >&2
    exit 1
fi
if ! timeout 300 tail --pid="$app" -f /dev/null; then
    echo "screenshots: the tour did not end within 5 minutes" >&2
    cat "$workdir/app.log" >&2
    exit 1
fi
if ! wait "$app"; then
    echo "screenshots: the tour failed" >&2
    cat "$workdir/app.log" >&2
    exit 1
fi
for page in "${pages[@]}"; do
    shot="$dir/$page.png"
    if [ ! -s "$shot" ]; then
        echo "screenshots: $shot is missing" >&2
        exit 1
    fi
    colours=$(convert "$shot" -format '%k' info:)
    if [ "$colours" -lt 16 ]; then
        echo "screenshots: $shot is blank ($colours colours)" >&2
        exit 1
    fi
done
echo "screenshots: ${#pages[@]} pages in $dir"
