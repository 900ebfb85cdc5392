#!/usr/bin/env bash
# `mfaguard credential-process` with a warm cache, as a whole process, release build with the Swift
# runtime linked statically (what `make release` ships). Target: under 10 ms per invocation.
# For scale: `mfaguard --version` (start-up floor) and `aws --version` (the AWS CLI starting).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine python3 aws; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool is missing: run scripts/install-tools.sh" >&2; exit 1; }
done

build=(swift build -c release -Xswiftc -warnings-as-errors --static-swift-stdlib)
"${build[@]}" --product mfaguard >&2
"${build[@]}" --product mfaguard-commands >&2
bin="$("${build[@]}" --show-bin-path)"

work="$(mktemp -d)"
exec 3< <(python3 scripts/testing/moto_launcher.py --parent-pid $$)
read -r ready port <&3
[ "$ready" = ready ] || { echo "moto did not start" >&2; exit 1; }
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/.aws"
cat >"$work/.aws/config" <<CONFIG
[profile base]
region = us-east-1
mfa_serial = arn:aws:iam::123456789012:mfa/bench
mfa_process = echo 123456

[profile dev]
credential_process = $bin/mfaguard credential-process --profile base
CONFIG
cat >"$work/.aws/credentials" <<CREDENTIALS
[base]
aws_access_key_id = AKIDBENCHMARK0001
aws_secret_access_key = benchmarksecret
CREDENTIALS
export HOME="$work" XDG_CACHE_HOME="$work/cache" AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN

# Warm the cache: one real GetSessionToken against moto.
"$bin/mfaguard" credential-process --profile base >/dev/null
ls "$work/cache/mfaguard"/*.json >/dev/null

echo "== credential-process, warm cache (no STS request)"
hyperfine -N --warmup 20 --min-runs 300 \
    -n "mfaguard credential-process --profile base" "$bin/mfaguard credential-process --profile base" \
    -n "mfaguard --version" "$bin/mfaguard --version"

echo "== The AWS CLI starting, for scale"
hyperfine -N --warmup 3 --min-runs 20 -n "aws --version" "aws --version"

echo "== exec overhead, warm session (no STS request): mfaguard exec base -- true vs true"
"$bin/mfaguard" exec base -- true
hyperfine -N --warmup 20 --min-runs 200 \
    -n "mfaguard exec base -- true" "$bin/mfaguard exec base -- true" \
    -n "true" "$(command -v true)"
