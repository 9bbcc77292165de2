#!/usr/bin/env bash
# Benchmark: a 1 GiB ISO image uploaded to a practice-lab node, by our client (`upload`) and by
# hand with curl to the same node, in the same run, each timed until the node's import task
# ends. Two pairs, each measured in every round:
#   - with the SHA-256 published beside the image: `upload --sha256` against
#     `curl -F checksum=…` given the same checksum (target: ours / curl >= 0.95);
#   - without one: `upload` (it computes the SHA-256 first) against the same verified upload by
#     hand, `openssl dgst -sha256` then curl with it (target: >= 0.95).
# Our peak RSS stays under 64 MiB (the file is streamed, never held in memory). Both sides poll
# the task every 250 ms, as our client does; ours also starts a process, reads the plan and
# connects, which the curl side (a ticket, then the upload) does not count.
#
# Usage: scripts/bench-upload.sh [MiB] [ROUNDS]   (release build first; default 1024 MiB, 3 rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-1024}
rounds=${2:-3}
cargo build --release --locked --quiet
wizard=${CARGO_TARGET_DIR:-$PWD/target}/release/pve-ha-wizard
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
published=$(sha256sum "$work/bench.iso" | cut -d' ' -f1)

# curl trusts exactly the certificate the lab printed (never -k).
openssl s_client -connect "${url#https://}" </dev/null 2>/dev/null | openssl x509 >"$work/node.pem"
seen=$(openssl x509 -in "$work/node.pem" -noout -fingerprint -sha256 | cut -d= -f2)
[ "$seen" = "$fingerprint" ] || { echo "certificate mismatch: $seen" >&2; exit 1; }

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { print b - a }'; }

# Ours, end to end: `upload` under GNU time, an image name of its own (a link to the one file).
ours() {
    local name=$1
    shift
    ln -sf "$work/bench.iso" "$work/$name.iso"
    /usr/bin/time -f '%e %M' -o "$work/$name.time" \
        "$wizard" upload --json --plan "$work/plan.toml" "$@" "$work/$name.iso" >"$work/$name.log"
    read -r seconds kib <"$work/$name.time"
    echo "$seconds" >"$work/$name.seconds"
    echo "$kib" >>"$work/peak.kib"
}

# By hand: a ticket, the upload with CHECKSUM, then the task polled every 250 ms until it ends.
by_curl() {
    local name=$1 checksum=$2 start=$3 login ticket csrf upid status
    login=$(curl -sS --cacert "$work/node.pem" "$url/api2/json/access/ticket" \
        --data-urlencode username=root@pam --data-urlencode "password=$password")
    ticket=$(jq -r .data.ticket <<<"$login")
    csrf=$(jq -r .data.CSRFPreventionToken <<<"$login")
    upid=$(curl -sS --cacert "$work/node.pem" -b "PVEAuthCookie=$ticket" -H "CSRFPreventionToken: $csrf" \
        -F content=iso -F checksum-algorithm=sha256 -F "checksum=$checksum" \
        -F "filename=@$work/bench.iso;filename=$name.iso" \
        "$url/api2/json/nodes/pve1/storage/NAS/upload" | jq -r .data)
    while :; do
        status=$(curl -sS --cacert "$work/node.pem" -b "PVEAuthCookie=$ticket" \
            "$url/api2/json/nodes/pve1/tasks/$(jq -rn --arg u "$upid" '$u | @uri')/status")
        [ "$(jq -r .data.status <<<"$status")" = stopped ] && break
        sleep 0.25
    done
    [ "$(jq -r .data.exitstatus <<<"$status")" = OK ] || { echo "curl upload failed: $status" >&2; exit 1; }
    since "$start" >"$work/$name.seconds"
}

for round in $(seq "$rounds"); do
    ours "ours-published-$round" --sha256 "$published"
    by_curl "curl-published-$round" "$published" "$(now)"
    ours "ours-computed-$round"
    start=$(now)
    checksum=$(openssl dgst -sha256 -r "$work/bench.iso" | cut -d' ' -f1)
    by_curl "curl-computed-$round" "$checksum" "$start"
done

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
figures() { for round in $(seq "$rounds"); do cat "$work/$1-$round.seconds"; done; }
report() {
    local label=$1 ours_median curl_median
    ours_median=$(figures "ours-$2" | median)
    curl_median=$(figures "curl-$2" | median)
    awk -v label="$label" -v bytes="$bytes" -v ours="$ours_median" -v curl="$curl_median" \
        -v all_ours="$(figures "ours-$2" | tr '\n' ' ')" -v all_curl="$(figures "curl-$2" | tr '\n' ' ')" 'BEGIN {
        printf "%s\n", label
        printf "  by hand:      %6.2f s  %7.1f MB/s   (rounds: %s)\n", curl, bytes / curl / 1e6, all_curl
        printf "  upload (ours): %5.2f s  %7.1f MB/s   (rounds: %s)\n", ours, bytes / ours / 1e6, all_ours
        printf "  ratio ours/by hand: %.2f (target: >= 0.95)\n", curl / ours
    }'
}
printf "file: %.0f MiB, %s rounds, medians until the node's import task ends\n" "$(awk -v b="$bytes" 'BEGIN { print b / 1048576 }')" "$rounds"
report "published SHA-256: upload --sha256 vs curl -F checksum=" published
report "no published SHA-256: upload vs openssl dgst -sha256, then curl -F checksum=" computed
awk '{ if ($1 > max) max = $1 } END { printf "peak RSS (ours): %.1f MiB (target: < 64 MiB)\n", max / 1024 }' "$work/peak.kib"
