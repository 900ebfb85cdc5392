#!/usr/bin/env bash
# `make demo`: start a local AWS emulator (moto), seed it with a sample account (scripts/demo/
# seed_account.py: users with and without MFA, access keys, groups, a policy with the Bool…false trap,
# roles without MFA in their trust policy, abandoned MFA devices), then run `mfaguard audit` on it.
# Nothing leaves this machine: the emulator listens on 127.0.0.1 and the keys are fake.
set -euo pipefail
cd "$(dirname "$0")/.."
MFAGUARD=${MFAGUARD:-.build/release/mfaguard}
USERS=${DEMO_USERS:-40}

ready=$(mktemp)
python3 scripts/testing/moto_launcher.py --parent-pid $$ >"$ready" 2>/dev/null &
MOTO_PID=$!
trap 'kill "$MOTO_PID" 2>/dev/null || true; rm -f "$ready"' EXIT
for _ in $(seq 600); do grep -q '^ready ' "$ready" && break; sleep 0.1; done
port=$(awk '/^ready /{print $2}' "$ready")
[ -n "$port" ] || { echo "demo: the emulator did not start" >&2; exit 1; }

echo "demo: moto on 127.0.0.1:$port, seeding a sample account with $USERS users…" >&2
python3 scripts/demo/seed_account.py --endpoint "http://127.0.0.1:$port" --users "$USERS" >/dev/null

export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_ACCESS_KEY_ID=AKIDDEMODEMODEMO AWS_SECRET_ACCESS_KEY=demo
export AWS_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_SESSION_TOKEN
# `make serve-demo`: the same account, served by `mfaguard serve` in the foreground (Ctrl-C stops it).
if [ "${DEMO_SERVE:-}" = 1 ]; then
    echo "demo: $MFAGUARD serve --interval 30s $* (http://127.0.0.1:9321/metrics, /api/v1/findings)" >&2
    status=0
    "$MFAGUARD" serve --interval 30s --database "${DEMO_DATABASE:-.build/serve-demo/history.sqlite}" "$@" || status=$?
    exit "$status"
fi
echo "demo: $MFAGUARD audit $*" >&2
status=0
"$MFAGUARD" audit "$@" || status=$?
case $status in
    0) echo "demo: no finding at or above --fail-on (exit 0)" >&2 ;;
    1) echo "demo: findings at or above --fail-on (exit 1), as expected for the sample account" >&2 ;;
    *) echo "demo: mfaguard audit failed (exit $status)" >&2; exit "$status" ;;
esac
