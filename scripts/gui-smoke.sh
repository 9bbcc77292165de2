#!/usr/bin/env bash
# Headless smoke check of the desktop window: starts Xvfb, runs the binary with no arguments,
# waits for its window, takes a screenshot and checks that it is not blank.
#
#   scripts/gui-smoke.sh [BINARY] [SCREENSHOT]     (default: target/debug/pve-ha-wizard, gui-smoke.png)
set -euo pipefail

binary=${1:-target/debug/pve-ha-wizard}
shot=${2:-gui-smoke.png}
display=${GUI_SMOKE_DISPLAY:-:99}

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

# A throw-away home: the window must not read or write the user's profile or keychain.
env -u DBUS_SESSION_BUS_ADDRESS HOME="$workdir" XDG_CONFIG_HOME="$workdir/config" \
    DISPLAY="$display" WAYLAND_DISPLAY= LANG=ca_ES.UTF-8@valencia \
    "$binary" >"$workdir/app.log" 2>&1 &
app=$!
pids+=("$app")

if ! DISPLAY="$display" timeout 60 xdotool search --sync --name '^pve-ha-wizard$' >/dev/null; then
    echo "gui-smoke: no window appeared" >&2
    cat "$workdir/app.log" >&2
    exit 1
fi
# Let a few frames render.
sleep 3
kill -0 "$app" 2>/dev/null || { echo "gui-smoke: the app exited" >&2; cat "$workdir/app.log" >&2; exit 1; }

DISPLAY="$display" import -window root "$shot"
colours=$(convert "$shot" -format '%k' info:)
if [ "$colours" -lt 16 ]; then
    echo "gui-smoke: the screenshot $shot is blank ($colours colours)" >&2
    exit 1
fi
echo "gui-smoke: window shown, screenshot $shot ($colours colours)"
