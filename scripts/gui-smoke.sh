#!/usr/bin/env bash
# Headless smoke check of the desktop window: starts Xvfb, runs the binary with no arguments in
# a Valencian locale, waits for its window, takes a screenshot and checks that it is not blank.
#
#   scripts/gui-smoke.sh [BINARY] [SCREENSHOT]     (default: target/debug/pve-ha-wizard, gui-smoke.png)
set -euo pipefail
source "$(dirname "$0")/lib/xvfb.sh"

binary=${1:-target/debug/pve-ha-wizard}
shot=${2:-gui-smoke.png}
xvfb_start "${GUI_SMOKE_DISPLAY:-:99}"

"${app_env[@]}" LANG=ca_ES.UTF-8@valencia "$binary" >"$workdir/app.log" 2>&1 &
app=$!
pids+=("$app")
if ! wait_for_window 60; then
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
