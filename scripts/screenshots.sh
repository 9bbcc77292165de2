#!/usr/bin/env bash
# The real window under Xvfb: the app walks itself through the course in a practice lab
# (`--tour`) and saves a screenshot of each main page. Fails if the window does not appear, if the
# tour stops early, or if a screenshot is missing or blank.
#
#   scripts/screenshots.sh [BINARY] [DIR] [LANG]
#       default: target/debug/pve-ha-wizard, docs/screenshots, all
#       LANG `all` makes the published set: one tour per language, into DIR/ca-valencia (the
#       metainfo's first), DIR/es and DIR/en; any other LANG one tour, into DIR.
set -euo pipefail
source "$(dirname "$0")/lib/xvfb.sh"

binary=${1:-target/debug/pve-ha-wizard}
dir=${2:-docs/screenshots}
lang=${3:-all}
pages=(start connect hostnames join storage iso vm ha failover)

xvfb_start "${SCREENSHOTS_DISPLAY:-:98}"

# tour LANG DIR
tour() {
    local lang=$1 dir=$2 app colours page shot
    mkdir -p "$dir"
    "${app_env[@]}" "$binary" --lang "$lang" --tour "$dir" >"$workdir/app.log" 2>&1 &
    app=$!
    pids+=("$app")
    if ! wait_for_window 60; then
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
    echo "screenshots: ${#pages[@]} pages in $dir ($lang)"
}

if [ "$lang" = all ]; then
    for lang in ca-valencia es en; do
        tour "$lang" "$dir/$lang"
    done
else
    tour "$lang" "$dir"
fi
