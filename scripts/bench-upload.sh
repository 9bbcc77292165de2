#!/usr/bin/env bash
# Benchmark: a 1 GiB ISO image uploaded to a practice-lab node, by our client (`upload`) and by
# curl -F to the same node, in the same run. Targets: our throughput / curl's >= 0.9, and our
# peak RSS under 64 MiB (the file is streamed, never held in memory).
#
# Our figure is end to end: connecting, the SHA-256 pass, the upload, and the node's import task.
# The transfer alone is given too (the rate of the last progress event).
#
# Usage: scripts/bench-upload.sh [MiB]   (builds the release binary first; default 1024)
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-1024}
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

"$wizard" lab --address-base 127.0.203.11 --json --write-plan "$work/plan.toml" >"$work/lab.json" &
lab=$!
for _ in $(seq 200); do [ -s "$work/lab.json" ] && break; sleep 0.05; done
password=$(jq -r .password "$work/lab.json")
url=$(jq -r '.nodes[0].url' "$work/lab.json")
fingerprint=$(jq -r '.nodes[0].fingerprint' "$work/lab.json")
export PVE_PASSWORD=$password
"$wizard" run --plan "$work/plan.toml" --json >/dev/null # the cluster and its NAS

head -c "${size_mib}M" /dev/urandom >"$work/bench.iso"
bytes=$(stat -c %s "$work/bench.iso")

/usr/bin/time -f '%e %M' -o "$work/client.time" \
    "$wizard" upload --json --plan "$work/plan.toml" "$work/bench.iso" >"$work/client.log"
read -r client_seconds client_kib <"$work/client.time"
transfer_rate=$(jq -s '[.[] | select(.rate != null)] | last | .rate' "$work/client.log")

# curl, trusting exactly the certificate the lab printed (never -k).
openssl s_client -connect "${url#https://}" </dev/null 2>/dev/null | openssl x509 >"$work/node.pem"
seen=$(openssl x509 -in "$work/node.pem" -noout -fingerprint -sha256 | cut -d= -f2)
[ "$seen" = "$fingerprint" ] || { echo "certificate mismatch: $seen" >&2; exit 1; }
login=$(curl -sS --cacert "$work/node.pem" "$url/api2/json/access/ticket" \
    --data-urlencode username=root@pam --data-urlencode "password=$password")
ticket=$(jq -r .data.ticket <<<"$login")
csrf=$(jq -r .data.CSRFPreventionToken <<<"$login")
start=$(date +%s.%N)
curl -sS --cacert "$work/node.pem" -b "PVEAuthCookie=$ticket" -H "CSRFPreventionToken: $csrf" \
    -F content=iso -F "filename=@$work/bench.iso;filename=curl.iso" \
    "$url/api2/json/nodes/pve1/storage/NAS/upload" >/dev/null
end=$(date +%s.%N)
curl_seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')

awk -v bytes="$bytes" -v ours="$client_seconds" -v curl="$curl_seconds" -v kib="$client_kib" \
    -v transfer="$transfer_rate" 'BEGIN {
    printf "file: %.0f MiB\n", bytes / 1048576
    printf "curl -F:       %6.2f s  %7.1f MB/s\n", curl, bytes / curl / 1e6
    printf "upload (ours): %6.2f s  %7.1f MB/s end to end (transfer alone: %.1f MB/s)\n", ours, bytes / ours / 1e6, transfer / 1e6
    printf "ratio ours/curl: %.2f end to end, %.2f transfer alone (target: >= 0.9)\n", curl / ours, transfer / (bytes / curl)
    printf "peak RSS (ours): %.1f MiB (target: < 64 MiB)\n", kib / 1024
}'
