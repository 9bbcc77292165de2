#!/usr/bin/env bash
# Benchmark: the whole course on a fresh practice lab at time scale 60, from the lab's start to
# the VM under HA in state started (steps 0–7, with a 64 MiB ISO image). Target: under 20 s.
# Prints the wall time of each run and the median.
#
# Usage: scripts/bench-course.sh [runs]   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
cargo build --release --locked --quiet
wizard=$PWD/target/release/pve-ha-wizard
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config"
head -c 64M /dev/urandom >"$work/tinycore.iso"

times=()
for run in $(seq "$runs"); do
    base="127.0.$((210 + run)).11"
    start=$(date +%s.%N)
    "$wizard" lab --address-base "$base" --time-scale 60 --json --write-plan "$work/plan.toml" >"$work/lab.json" &
    lab=$!
    while [ ! -s "$work/lab.json" ]; do sleep 0.01; done
    printf '\n[iso]\nfile = "tinycore.iso"\n\n[vm]\nname = "tiny"\nmemory_mib = 512\ndisk_gib = 2\n\n[ha]\nmax_restart = 1\nmax_relocate = 1\n' >>"$work/plan.toml"
    PVE_PASSWORD=$(jq -r .password "$work/lab.json") "$wizard" run --plan "$work/plan.toml" --json >"$work/run.log"
    end=$(date +%s.%N)
    kill "$lab"; wait "$lab" 2>/dev/null || true
    rm -f "$work/lab.json"
    jq -e 'select(.step == "ha" and .status == "done")' "$work/run.log" >/dev/null
    elapsed=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    times+=("$elapsed")
    printf 'run %d: %.2f s\n' "$run" "$elapsed"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf 'median: %.2f s (target: under 20 s)\n' "$median"
