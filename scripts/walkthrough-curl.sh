#!/usr/bin/env bash
# A walkthrough of the practice lab with nothing but curl (and openssl to read certificates):
# login, create a cluster, read the join information, join a node, read the status — and the
# 400s PVE gives for bad parameters. TLS is verified: each node's certificate is trusted by the
# fingerprint the lab printed, never with -k.
#
# Usage: scripts/walkthrough-curl.sh [path/to/pve-ha-wizard]
set -euo pipefail

wizard=${1:-target/debug/pve-ha-wizard}
base=127.0.77.11
work=$(mktemp -d)
lab_pid=""
cleanup() {
    [ -n "$lab_pid" ] && kill "$lab_pid" 2>/dev/null && wait "$lab_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "walkthrough FAILED: $*" >&2; exit 1; }
step() { echo "== $*"; }

# The lab prints one JSON line once every node accepts connections.
"$wizard" lab --nodes 2 --address-base "$base" --json >"$work/lab.json" 2>"$work/lab.err" &
lab_pid=$!
for _ in $(seq 100); do [ -s "$work/lab.json" ] && break; sleep 0.1; done
[ -s "$work/lab.json" ] || fail "the lab did not start: $(cat "$work/lab.err")"
password=$(jq -r .password "$work/lab.json")
url1=$(jq -r '.nodes[0].url' "$work/lab.json")
url2=$(jq -r '.nodes[1].url' "$work/lab.json")
addr1=$(jq -r '.nodes[0].address' "$work/lab.json")
fp1=$(jq -r '.nodes[0].fingerprint' "$work/lab.json")

# Saves the certificate a node serves, after checking its SHA-256 fingerprint. curl then trusts
# exactly that certificate (a partial chain anchored at the node's own certificate).
pin() { # url expected-fingerprint file
    local hostport=${1#https://}
    openssl s_client -connect "$hostport" </dev/null 2>/dev/null | openssl x509 >"$3"
    local seen
    seen=$(openssl x509 -in "$3" -noout -fingerprint -sha256 | cut -d= -f2)
    [ "$seen" = "$2" ] || fail "certificate of $1 is $seen, expected $2"
}
pin "$url1" "$fp1" "$work/node1.pem"
pin "$url2" "$(jq -r '.nodes[1].fingerprint' "$work/lab.json")" "$work/node2.pem"

api() { # pem method url path [curl args…] — prints the body, then the HTTP status on the last line
    local pem=$1 method=$2 url=$3 path=$4
    shift 4
    curl -sS --cacert "$pem" -X "$method" -w '\n%{http_code}' "$url/api2/json$path" "$@"
}
status_of() { tail -n1 <<<"$1"; }
body_of() { sed '$d' <<<"$1"; }
expect() { # response code what
    [ "$(status_of "$1")" = "$2" ] || fail "$3: expected HTTP $2, got $(status_of "$1"): $(body_of "$1")"
}

step "login on node 1"
r=$(api "$work/node1.pem" POST "$url1" /access/ticket --data-urlencode username=root@pam --data-urlencode "password=$password")
expect "$r" 200 "login"
ticket1=$(body_of "$r" | jq -r .data.ticket)
csrf1=$(body_of "$r" | jq -r .data.CSRFPreventionToken)
auth1=(-H "Cookie: PVEAuthCookie=$ticket1" -H "CSRFPreventionToken: $csrf1")

step "wrong password is 401"
r=$(api "$work/node1.pem" POST "$url1" /access/ticket --data-urlencode username=root@pam --data-urlencode password=wrong)
expect "$r" 401 "wrong password"

step "no ticket is 401 before routing: an unknown path too, with no body, and the connection closed"
headers=$(curl -sS --cacert "$work/node1.pem" -D - -o "$work/body" "$url1/api2/json/no/such/path")
grep -q '^HTTP/1.1 401 No ticket' <<<"$headers" || fail "no ticket: expected 401 No ticket, got: $headers"
grep -qi '^connection: close' <<<"$headers" || fail "no ticket: the connection stays open: $headers"
[ ! -s "$work/body" ] || fail "no ticket: a body was sent: $(cat "$work/body")"

step "the cookie is preferred over an API token (pve-http-server: \"prefer actual cookie\")"
r=$(api "$work/node1.pem" GET "$url1" /version -H "Cookie: PVEAuthCookie=$ticket1" -H "Authorization: PVEAPIToken=root@pam!none=00000000-0000-0000-0000-000000000000")
expect "$r" 200 "cookie beside a bogus token"
r=$(api "$work/node1.pem" GET "$url1" /version -H "Authorization: PVEAPIToken=root@pam!none=00000000-0000-0000-0000-000000000000")
expect "$r" 401 "the bogus token alone"

step "a write without the CSRF token is 401"
r=$(api "$work/node1.pem" POST "$url1" /cluster/config -H "Cookie: PVEAuthCookie=$ticket1" --data-urlencode clustername=escola)
expect "$r" 401 "missing CSRF token"

step "bad parameters are 400 with per-parameter errors"
r=$(api "$work/node1.pem" POST "$url1" /cluster/config "${auth1[@]}" --data-urlencode "clustername=no good")
expect "$r" 400 "bad cluster name"
body_of "$r" | jq -e '.errors.clustername' >/dev/null || fail "no per-parameter error for clustername: $(body_of "$r")"
r=$(api "$work/node1.pem" POST "$url1" /cluster/config "${auth1[@]}" --data-urlencode clustername=escola --data-urlencode colour=blue)
expect "$r" 400 "unknown parameter"
body_of "$r" | jq -e '.errors.colour' >/dev/null || fail "no error for the unknown parameter: $(body_of "$r")"

step "JSON bodies are validated the same way"
r=$(api "$work/node1.pem" POST "$url1" /cluster/config "${auth1[@]}" -H "Content-Type: application/json" -d '{"clustername":"escola","votes":"many"}')
expect "$r" 400 "JSON body with a bad integer"
[ "$(body_of "$r" | jq -r .errors.votes)" = "type check ('integer') failed - got 'many'" ] || fail "votes error: $(body_of "$r")"

step "join information before a cluster exists is refused"
r=$(api "$work/node1.pem" GET "$url1" /cluster/config/join "${auth1[@]}")
expect "$r" 424 "join information of a standalone node"

wait_task() { # pem url upid auth…
    local pem=$1 url=$2 upid=$3
    shift 3
    local node enc
    node=$(cut -d: -f2 <<<"$upid")
    enc=$(jq -rn --arg u "$upid" '$u|@uri')
    for _ in $(seq 200); do
        r=$(api "$pem" GET "$url" "/nodes/$node/tasks/$enc/status" "$@" || true)
        if [ "$(status_of "$r")" = 200 ] && [ "$(body_of "$r" | jq -r .data.status)" = stopped ]; then
            body_of "$r" | jq -r .data.exitstatus
            return
        fi
        sleep 0.1
    done
    fail "task $upid did not end"
}

step "create the cluster"
r=$(api "$work/node1.pem" POST "$url1" /cluster/config "${auth1[@]}" --data-urlencode clustername=escola --data-urlencode "link0=$addr1")
expect "$r" 200 "create cluster"
upid=$(body_of "$r" | jq -r .data)
[ "$(wait_task "$work/node1.pem" "$url1" "$upid" "${auth1[@]}")" = OK ] || fail "cluster creation failed"

step "join information"
r=$(api "$work/node1.pem" GET "$url1" /cluster/config/join "${auth1[@]}")
expect "$r" 200 "join information"
join_fp=$(body_of "$r" | jq -r '.data.nodelist[] | select(.name == "pve1") | .pve_fp')
[ "$join_fp" = "$fp1" ] || fail "join information gives $join_fp for pve1, expected $fp1"
body_of "$r" | jq -e '.data.totem.cluster_name == "escola"' >/dev/null || fail "totem lacks the cluster name"

step "join node 2"
r=$(api "$work/node2.pem" POST "$url2" /access/ticket --data-urlencode username=root@pam --data-urlencode "password=$password")
expect "$r" 200 "login on node 2"
auth2=(-H "Cookie: PVEAuthCookie=$(body_of "$r" | jq -r .data.ticket)" -H "CSRFPreventionToken: $(body_of "$r" | jq -r .data.CSRFPreventionToken)")
r=$(api "$work/node2.pem" POST "$url2" /cluster/config/join "${auth2[@]}" --data-urlencode "hostname=$addr1" --data-urlencode "fingerprint=$fp1" --data-urlencode "password=$password" --data-urlencode force=true)
expect "$r" 400 "a boolean written as 'true'"
r=$(api "$work/node2.pem" POST "$url2" /cluster/config/join "${auth2[@]}" --data-urlencode "hostname=$addr1" --data-urlencode "fingerprint=$fp1" --data-urlencode "password=$password")
expect "$r" 200 "join"
upid=$(body_of "$r" | jq -r .data)
# Node 2 now serves a certificate of the cluster's CA: learn it through node 1, never blindly.
node=$(cut -d: -f2 <<<"$upid")
enc=$(jq -rn --arg u "$upid" '$u|@uri')
for _ in $(seq 100); do
    r=$(api "$work/node1.pem" GET "$url1" "/nodes/$node/tasks/$enc/status" "${auth1[@]}" || true)
    [ "$(status_of "$r")" = 200 ] && [ "$(body_of "$r" | jq -r .data.status)" = stopped ] && break
    sleep 0.1
done
[ "$(body_of "$r" | jq -r .data.exitstatus)" = OK ] || fail "join task: $(body_of "$r")"
r=$(api "$work/node1.pem" GET "$url1" "/nodes/pve2/certificates/info" "${auth1[@]}")
expect "$r" 200 "certificates of pve2 through pve1"
fp2=$(body_of "$r" | jq -r '[.data[] | select(.filename | endswith("pve-ssl.pem"))][0].fingerprint')
pin "$url2" "$fp2" "$work/node2.pem"

step "cluster status on both nodes"
for pem_url in "$work/node1.pem $url1" "$work/node2.pem $url2"; do
    set -- $pem_url
    r=$(api "$1" POST "$2" /access/ticket --data-urlencode username=root@pam --data-urlencode "password=$password")
    expect "$r" 200 "login on $2 after the join"
    cookie="Cookie: PVEAuthCookie=$(body_of "$r" | jq -r .data.ticket)"
    r=$(api "$1" GET "$2" /cluster/status -H "$cookie")
    expect "$r" 200 "cluster status on $2"
    body_of "$r" | jq -e '[.data[] | select(.type == "cluster")][0] | .quorate == 1 and .nodes == 2' >/dev/null \
        || fail "$2 should see a quorate two-node cluster: $(body_of "$r")"
done
echo "walkthrough passed"
