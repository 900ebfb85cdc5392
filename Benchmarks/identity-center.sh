#!/usr/bin/env bash
# `mfaguard whoami` through IAM Identity Center, as a whole process, release build, against moto and
# the loopback portal/OIDC server (scripts/testing/sso_portal.py):
# - warm: the cached sign-in token has hours left (GetRoleCredentials, then GetCallerIdentity);
# - cold: the token is in botocore's 15-minute refresh window (CreateToken, the cache file rewritten
#   and flushed, then the same two calls);
# - for scale: static keys in the same config (GetCallerIdentity only).
# Run it as `Benchmarks/run.sh identity-center`, or directly.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool is missing: run scripts/install-tools.sh" >&2; exit 1; }
done

build=(swift build -c release -Xswiftc -warnings-as-errors --static-swift-stdlib)
"${build[@]}" --product mfaguard-commands >&2
"${build[@]}" --product mfaguard >&2
bin="$("${build[@]}" --show-bin-path)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
exec 3< <(python3 scripts/testing/moto_launcher.py --parent-pid $$)
read -r ready moto <&3
[ "$ready" = ready ] || { echo "moto did not start" >&2; exit 1; }
# --no-rotate: every cold run refreshes the same cached token again.
exec 4< <(python3 scripts/testing/sso_portal.py --key ASIABENCHIDENTITY01 --secret bench/secret --token benchtoken \
    --access-token bench-access --assignment 123456789012:ReadOnly --client-id bench-client \
    --client-secret bench-client-secret --refresh-token bench-refresh --no-rotate --parent-pid $$)
read -r ready portal <&4
[ "$ready" = ready ] || { echo "sso_portal.py did not start" >&2; exit 1; }

mkdir -p "$work/.aws/sso/cache"
cat >"$work/.aws/config" <<CONFIG
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile dev]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = ReadOnly

[profile static]
aws_access_key_id = AKIDBENCHSTATIC01
aws_secret_access_key = static/secret
CONFIG
cache="$work/.aws/sso/cache/$(python3 -c 'import hashlib; print(hashlib.sha1(b"corp").hexdigest())').json"
python3 - "$work" <<'TOKENS'
import datetime, json, sys
now = datetime.datetime.now(datetime.timezone.utc)
at = lambda minutes: (now + datetime.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")
token = {"startUrl": "https://corp.awsapps.com/start", "region": "us-east-1", "accessToken": "bench-access",
         "clientId": "bench-client", "clientSecret": "bench-client-secret", "refreshToken": "bench-refresh",
         "registrationExpiresAt": at(60 * 24 * 30)}
json.dump(dict(token, expiresAt=at(8 * 60)), open(sys.argv[1] + "/warm.json", "w"))
json.dump(dict(token, expiresAt=at(5)), open(sys.argv[1] + "/cold.json", "w"))
TOKENS

export HOME="$work" AWS_CONFIG_FILE="$work/.aws/config" AWS_SHARED_CREDENTIALS_FILE="$work/.aws/credentials" \
    AWS_ENDPOINT_URL="http://127.0.0.1:$moto" AWS_ENDPOINT_URL_SSO="http://127.0.0.1:$portal" \
    AWS_ENDPOINT_URL_SSO_OIDC="http://127.0.0.1:$portal" AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN

cp "$work/warm.json" "$cache"
"$bin/mfaguard" whoami --profile dev >/dev/null

echo "== whoami through IAM Identity Center (cold: token refreshed; warm: cached token)"
hyperfine -N --warmup 3 --min-runs 40 \
    --prepare true -n "static keys" "$bin/mfaguard whoami --profile static" \
    --prepare "cp $work/warm.json $cache" -n "identity center, warm" "$bin/mfaguard whoami --profile dev" \
    --prepare "cp $work/cold.json $cache" -n "identity center, cold" "$bin/mfaguard whoami --profile dev"
