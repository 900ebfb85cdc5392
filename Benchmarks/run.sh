#!/usr/bin/env bash
# `make bench`: the numbers the issues ask for, measured on this machine with release builds. Prints
# numbers; asserts nothing. Sections: core (start-up, whoami, signing, memory), audit (1,000 and 5,000
# users on moto: requests, wall time, peak memory), then the per-area scripts beside this file.
# BENCH_SECTIONS="core audit otp-qr policy session credential-sources identity-center" picks sections; AUDIT_USERS="1000 5000" the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
SECTIONS=${BENCH_SECTIONS:-core audit otp-qr policy session credential-sources identity-center}
swift build -c release --static-swift-stdlib -Xswiftc -warnings-as-errors --product mfaguard >/dev/null
swift build -c release --static-swift-stdlib -Xswiftc -warnings-as-errors --product mfaguard-commands >/dev/null
swift build -c release --static-swift-stdlib -Xswiftc -warnings-as-errors --product mfaguard-bench >/dev/null
BIN=.build/release/mfaguard
WORK=$(mktemp -d)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

# start SCRIPT ARGS…: starts scripts/testing/SCRIPT, waits for its "ready PORT" line, sets PORT.
start() {
    local out="$WORK/$1.$RANDOM"
    python3 "scripts/testing/$1" "${@:2}" --parent-pid $$ >"$out" 2>/dev/null &
    PIDS+=($!)
    for _ in $(seq 600); do
        if grep -q '^ready ' "$out"; then PORT=$(awk '{print $2}' "$out"); return; fi
        sleep 0.1
    done
    echo "bench: $1 did not start" >&2
    exit 1
}

fake_credentials() {
    export AWS_ENDPOINT_URL="http://127.0.0.1:$1" AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=bench
    export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
}

for section in $SECTIONS; do
case $section in
core)
    echo "== core: start-up, whoami, signing, memory"
    hyperfine -N --warmup 20 --runs 200 "$BIN --version" 2>/dev/null | grep -E "Time|Range"
    start moto_launcher.py
    fake_credentials "$PORT"
    hyperfine -N --warmup 3 --runs 30 "$BIN whoami" 2>/dev/null | grep -E "Time|Range"
    echo "aws sts get-caller-identity (the AWS CLI), for comparison:"
    hyperfine -N --warmup 1 --runs 5 "aws sts get-caller-identity" 2>/dev/null | grep -E "Time|Range" || true
    echo -n "whoami: "; python3 Benchmarks/peak_rss.py "$BIN" whoami
    unset AWS_ENDPOINT_URL AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE
    .build/release/mfaguard-bench signing
    ;;
audit)
    for users in ${AUDIT_USERS:-1000 5000}; do
        echo "== audit: $users users on moto"
        start moto_launcher.py
        MOTO_PORT=$PORT
        python3 scripts/demo/seed_account.py --endpoint "http://127.0.0.1:$MOTO_PORT" --users "$users" --threads 8 >/dev/null
        start aws_proxy.py --upstream "http://127.0.0.1:$MOTO_PORT" --key AKIDBENCH:bench
        PROXY_PORT=$PORT
        fake_credentials "$PROXY_PORT"
        echo -n "mfaguard audit (default --max-rate 5): "; python3 Benchmarks/peak_rss.py "$BIN" audit --format json
        python3 -c "import json,urllib.request; s=json.load(urllib.request.urlopen('http://127.0.0.1:$PROXY_PORT/__proxy/stats')); print('requests:', s['requests'], s['actions'])"
        "$BIN" snapshot --output "$WORK/snapshot.json"
        echo -n "offline audit of the snapshot: "; python3 Benchmarks/peak_rss.py "$BIN" audit --snapshot "$WORK/snapshot.json" --format json
        echo -n "moto's own time for GetAccountAuthorizationDetails, all pages (boto3): "
        python3 -c "
import boto3,time
c=boto3.client('iam',endpoint_url='http://127.0.0.1:$MOTO_PORT',region_name='us-east-1',aws_access_key_id='a',aws_secret_access_key='b')
t=time.perf_counter(); p=c.get_paginator('get_account_authorization_details')
n=sum(len(x['UserDetailList']) for x in p.paginate(PaginationConfig={'PageSize':1000})); print(f'{(time.perf_counter()-t)*1000:.0f} ms for {n} users')"
        kill "${PIDS[@]}" 2>/dev/null || true
        PIDS=()
        unset AWS_ENDPOINT_URL AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE
    done
    ;;
*)
    if [ -f "Benchmarks/$section.sh" ]; then echo "== $section"; bash "Benchmarks/$section.sh"; fi
    ;;
esac
done
