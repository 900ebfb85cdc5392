#!/usr/bin/env bash
# The test step of `make test` (and so of CI), after the builds: runs every test, then the linter, and
# prints only what needs reading — the failures with their details, the linter's complaints — and, last,
# one line "N passed, N failed". The whole test log stays in .build/test.log.
set -uo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
log=.build/test.log
mkdir -p .build

# Every wait in the tests has its own limit; this one is for the run as a whole, so that a hang shows
# what hung (the tests still running, the processes they started) long before CI's own limit.
limit=${MFAGUARD_TEST_TIME_LIMIT:-1200}

descendants() {  # every process below $1, as "pid seconds-running command"
    ps -e -o pid=,ppid=,etimes=,args= | awk -v root="$1" '
        { pid[NR] = $1; parent[NR] = $2; line[NR] = $0 }
        END {
            keep[root] = 1
            do { grew = 0; for (i = 1; i <= NR; i++) if (keep[parent[i]] && !keep[pid[i]]) { keep[pid[i]] = 1; grew = 1 } } while (grew)
            for (i = 1; i <= NR; i++) if (keep[parent[i]]) { $0 = line[i]; $2 = ""; print }
        }'
}

$SWIFT test --skip-build --parallel >"$log" 2>&1 &
runner=$!
rm -f "$log.timeout"
(
    sleep "$limit" </dev/null >/dev/null 2>&1 &
    timer=$!
    trap 'kill $timer 2>/dev/null; exit 0' TERM
    wait $timer
    kill -0 "$runner" 2>/dev/null || exit 0
    {
        echo "the test run took longer than $limit s (MFAGUARD_TEST_TIME_LIMIT) and was stopped."
        echo "tests started and not finished:"
        sed -nE 's/^◇ Test (.*) started\.$/\1/p' "$log" | sort >"$log.started"
        sed -nE 's/^(✔|✘) Test (.*) (passed|failed|recorded an issue|skipped).*$/\2/p' "$log" | sed -E 's/ with [0-9]+ test cases?$//' | sort -u >"$log.ended"
        comm -23 "$log.started" "$log.ended" | sed 's/^/  /'
        echo "processes the test run had running:"
        descendants "$runner" | sed 's/^/  /'
        # Where the test process itself waits, when gdb is there to say (it is on CI's machines).
        for tester in $(descendants "$runner" | awk '/\.xctest/ { print $1 }'); do
            if command -v gdb >/dev/null; then
                echo "threads of $tester waiting in:"
                timeout 60 gdb -p "$tester" -batch -ex "thread apply all bt 12" 2>/dev/null \
                    | grep -E '^(Thread|#)' | head -600
            fi
        done
    } >"$log.timeout"
    pids=$(descendants "$runner" | awk '{ print $1 }')  # before the runner ends and they lose their parent
    kill -TERM "$runner" $pids 2>/dev/null
    sleep 5
    kill -KILL "$runner" $pids 2>/dev/null
) &
watchdog=$!
wait "$runner"
tests=$?
kill "$watchdog" 2>/dev/null
wait "$watchdog" 2>/dev/null
if [ -s "$log.timeout" ]; then cat "$log.timeout"; tests=1; fi
rm -f "$log.timeout" "$log.started" "$log.ended"
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
