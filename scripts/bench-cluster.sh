#!/usr/bin/env bash
# Benchmark: from starting the practice lab to a quorate three-node cluster through `run --plan`.
# Target: under 5 s on a 2-core machine. Prints the wall time of each run and the median.
#
# Usage: scripts/bench-cluster.sh [runs]   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release --locked --quiet
wizard=target/release/pve-ha-wizard
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Each run is a first run: the certificates it trusts are remembered here, not in the user's list.
export XDG_CONFIG_HOME="$work/config"

times=()
for run in $(seq "$runs"); do
    base="127.0.$((200 + run)).11"
    start=$(date +%s.%N)
    "$wizard" lab --address-base "$base" --json --write-plan "$work/plan.toml" >"$work/lab.json" &
    lab=$!
    while [ ! -s "$work/lab.json" ]; do sleep 0.01; done
    PVE_PASSWORD=$(jq -r .password "$work/lab.json") "$wizard" run --plan "$work/plan.toml" --json >"$work/run.log"
    end=$(date +%s.%N)
    kill "$lab"; wait "$lab" 2>/dev/null || true
    rm -f "$work/lab.json"
    elapsed=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    times+=("$elapsed")
    printf 'run %d: %.2f s\n' "$run" "$elapsed"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf 'median: %.2f s (target: under 5 s)\n' "$median"
