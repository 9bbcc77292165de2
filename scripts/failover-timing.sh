#!/usr/bin/env bash
# Measures a failover in the practice lab: a VM under HA, its node switched off, the time until
# the HA manager has it started on another node — in the lab's (Proxmox VE) time and in real time.
#
# Usage: scripts/failover-timing.sh [time-scale]   (default 1: real time, about 2.5 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-1}
cargo build --release --locked --quiet
wizard=$PWD/target/release/pve-ha-wizard
work=$(mktemp -d)
lab=""
cleanup() {
    [ -n "$lab" ] && kill "$lab" 2>/dev/null && wait "$lab" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
export XDG_CONFIG_HOME="$work/config"

"$wizard" lab --address-base 127.0.204.11 --time-scale "$scale" --json \
    --write-plan "$work/plan.toml" >"$work/lab.json" &
lab=$!
for _ in $(seq 200); do [ -s "$work/lab.json" ] && break; sleep 0.05; done
printf '\n[vm]\nname = "tiny"\nmemory_mib = 512\ndisk_gib = 2\n\n[ha]\nmax_restart = 1\nmax_relocate = 1\n' >>"$work/plan.toml"
PVE_PASSWORD=$(jq -r .password "$work/lab.json") "$wizard" run --plan "$work/plan.toml" --json >"$work/run.log"

control=$(jq -r .control_url "$work/lab.json")
token=$(jq -r .control_token "$work/lab.json")
ctl() { curl -sS -H "Authorization: Bearer $token" "$@"; }
node=$(ctl "$control/state" | jq -r '[.nodes[] | select(.running | index(100))][0].name')
echo "VM 100 runs on $node; switching $node off"
off_real=$(date +%s.%N)
off_lab=$(ctl -X POST "$control/nodes/$node/power-off" | jq .now)
while :; do
    state=$(ctl "$control/state")
    recovered=$(jq --arg node "$node" --argjson off "$off_lab" \
        '[.ha_history[] | select(.time >= $off and .state == "started" and .node != $node)] | first | .time // empty' <<<"$state")
    [ -n "$recovered" ] && break
    sleep 0.2
done
end_real=$(date +%s.%N)
jq -r --argjson off "$off_lab" '.ha_history[] | select(.time >= $off) | "  +\(.time - $off) s  \(.sid)  \(.state)  on \(.node)"' <<<"$state"
awk -v lab=$((recovered - off_lab)) -v a="$off_real" -v b="$end_real" -v scale="$scale" 'BEGIN {
    printf "recovered after %d s of Proxmox VE time (%.1f s of real time at time scale %s)\n", lab, b - a, scale
}'
