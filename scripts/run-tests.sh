#!/usr/bin/env bash
# The test step of `make test` (and so of CI), after the builds: runs every test, then the linter, and
# prints only what needs reading — the failures with their details, the linter's complaints — and, last,
# one line "N passed, N failed". The whole test log stays in .build/test.log.
set -uo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
log=.build/test.log
mkdir -p .build

$SWIFT test --skip-build --parallel >"$log" 2>&1
tests=$?
# Swift Testing reports every case as it starts and ends; keep the failures and their "↳" details.
awk '/^✘ / { show = 1; print; next } /^↳/ { if (show) print; next } { show = 0 }' "$log" | grep -v '^✘ Test run with' || true
# A crash leaves no summary: show the end of the log instead.
summary=$(grep -E '^(✔|✘) Test run with [0-9]+ tests?' "$log" | tail -1)
if [ -z "$summary" ]; then
    echo "the test run ended without a summary (crash?); the end of $log:"
    tail -40 "$log"
fi

lint_output=$($SWIFT format lint --strict --recursive Sources Tests Benchmarks Package.swift 2>&1)
lint=$?
if [ $lint -ne 0 ] || [ -n "$lint_output" ]; then
    echo "$lint_output"
    echo "lint: swift format lint found problems (make fmt fixes most)"
    lint=1
fi

total=$(sed -nE 's/^(✔|✘) Test run with ([0-9]+) tests?.*/\2/p' <<<"$summary")
failed=$(grep -E '^✘ Test .* (failed|recorded an issue)' "$log" | grep -v '^✘ Test run with' \
    | sed -E 's/^✘ Test ([^ (]*).*/\1/' | sort -u | wc -l)
xctest=$(grep -E 'Executed [0-9]+ tests?, with [0-9]+ failures?' "$log" | tail -1)
xc_total=$(sed -nE 's/.*Executed ([0-9]+) tests?.*/\1/p' <<<"$xctest")
xc_failed=$(sed -nE 's/.*with ([0-9]+) failures?.*/\1/p' <<<"$xctest")
total=$(( ${total:-0} + ${xc_total:-0} ))
failed=$(( failed + ${xc_failed:-0} ))
if [ $tests -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # a crash or a runner error still fails
[ -n "$summary" ] && echo "$summary"
echo "$(( total > failed ? total - failed : 0 )) passed, $failed failed"
[ $tests -eq 0 ] && [ $lint -eq 0 ]
