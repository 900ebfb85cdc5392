#!/usr/bin/env bash
# Policy engine benchmark: decisions per second (10 policies of 5 statements) and the MFA analysis of
# 5,000 principals. Release build, pinned to one core.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib -Xswiftc -warnings-as-errors --product mfaguard-bench
if command -v taskset >/dev/null 2>&1; then
    taskset -c 0 .build/release/mfaguard-bench policy
else
    .build/release/mfaguard-bench policy
fi
