#!/usr/bin/env bash
# The cost of each credential source: `mfaguard whoami` as a whole process (release build) against
# moto, the loopback metadata server (scripts/testing/metadata_server.py) and a credential_process
# script. "first" is one call with nothing warmed up in this run; "warm" is the mean of 20 after 3
# warm-up calls. No source but Identity Center (Benchmarks/identity-center.sh) and MFA sessions
# caches anything between processes, so the two differ only by what the system itself keeps warm.
# Run it as `Benchmarks/run.sh credential-sources`, or directly.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool is missing: run scripts/install-tools.sh" >&2; exit 1; }
done

build=(swift build -c release -Xswiftc -warnings-as-errors --static-swift-stdlib)
"${build[@]}" --product mfaguard-commands >&2
"${build[@]}" --product mfaguard >&2
bin="$("${build[@]}" --show-bin-path)/mfaguard"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
exec 3< <(python3 scripts/testing/moto_launcher.py --parent-pid $$)
read -r ready moto <&3
[ "$ready" = ready ] || { echo "moto did not start" >&2; exit 1; }
exec 4< <(python3 scripts/testing/metadata_server.py --key AKIDBENCHMETADATA1 --secret bench/secret \
    --token benchtoken --auth-token bench-auth --parent-pid $$)
read -r ready metadata <&4
[ "$ready" = ready ] || { echo "metadata_server.py did not start" >&2; exit 1; }

mkdir -p "$work/.aws"
printf '{"Version": 1, "AccessKeyId": "AKIDBENCHPROCESS01", "SecretAccessKey": "s"}\n' >"$work/process.json"
echo "bench-web-identity-token" >"$work/web-token"
cat >"$work/.aws/config" <<CONFIG
[profile static]
aws_access_key_id = AKIDBENCHSTATIC01
aws_secret_access_key = static/secret

[profile process]
credential_process = /bin/cat $work/process.json

[profile web]
role_arn = arn:aws:iam::123456789012:role/bench-web
web_identity_token_file = $work/web-token
CONFIG

export HOME="$work" AWS_CONFIG_FILE="$work/.aws/config" AWS_SHARED_CREDENTIALS_FILE="$work/.aws/credentials" \
    AWS_ENDPOINT_URL="http://127.0.0.1:$moto" AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN

measure() {  # NAME ENV... -- ARGS...
    local name=$1
    shift
    local settings=()
    while [ "$1" != -- ]; do settings+=("$1"); shift; done
    shift
    local first warm
    first=$(env "${settings[@]}" hyperfine -N --runs 1 --export-json "$work/first.json" "$bin whoami $*" >/dev/null 2>&1 \
        && python3 -c "import json; print(round(json.load(open('$work/first.json'))['results'][0]['mean'] * 1000, 1))")
    warm=$(env "${settings[@]}" hyperfine -N --warmup 3 --runs 20 --export-json "$work/warm.json" "$bin whoami $*" \
        >/dev/null 2>&1 && python3 -c "
import json; r = json.load(open('$work/warm.json'))['results'][0]
print(f\"{r['mean'] * 1000:.1f} ± {r['stddev'] * 1000:.1f} (min {r['min'] * 1000:.1f})\")")
    printf '%-34s first %7s ms   warm %s ms\n' "$name" "$first" "$warm"
}

echo "== whoami through each credential source (ms; moto and the metadata server on loopback)"
measure "environment keys" AWS_ACCESS_KEY_ID=AKIDBENCHENV01 AWS_SECRET_ACCESS_KEY=s -- 
measure "profile with static keys" -- --profile static
measure "credential_process (/bin/cat)" -- --profile process
measure "web identity (AssumeRoleWithWebIdentity)" -- --profile web
measure "container (FULL_URI + token)" AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:$metadata/v2/credentials/test" \
    AWS_CONTAINER_AUTHORIZATION_TOKEN=bench-auth --
measure "instance metadata (IMDSv2)" AWS_EC2_METADATA_DISABLED=false \
    AWS_EC2_METADATA_SERVICE_ENDPOINT="http://127.0.0.1:$metadata" --
