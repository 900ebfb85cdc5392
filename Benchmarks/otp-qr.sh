#!/usr/bin/env bash
# Process-level benchmarks of `mfaguard totp` and `mfaguard qr` against oathtool and qrencode, plus the
# in-process QR/OTP throughput of mfaguard-bench. Release build; prints hyperfine's tables.
# Targets: `mfaguard totp` within 3x of oathtool's process time; `mfaguard qr --png` as fast as `qrencode -o`.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine oathtool qrencode; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool is missing: run scripts/install-tools.sh" >&2; exit 1; }
done

# The release build as `make release` makes it. `totp`, `qr` and `--version` run in the small static
# `mfaguard` executable alone (no Foundation, no dynamic libraries), so mfaguard-commands is not needed here.
build=(swift build -c release -Xswiftc -warnings-as-errors --static-swift-stdlib)
"${build[@]}" --product mfaguard >&2
"${build[@]}" --product mfaguard-bench >&2
bin="$("${build[@]}" --show-bin-path)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Benchmark data only: a fixed, public test seed (RFC 6238's "12345678901234567890").
secret="GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
printf '%s\n' "$secret" >"$work/seed"
uri="otpauth://totp/Amazon%20Web%20Services:alice@123456789012?secret=${secret}${secret}&issuer=Amazon%20Web%20Services"

echo "== Process start-up alone"
hyperfine -N --warmup 20 --min-runs 300 "$bin/mfaguard --version"

echo "== TOTP: one code per process"
hyperfine -N --warmup 20 --min-runs 300 \
    -n "mfaguard totp --secret-file F" "$bin/mfaguard totp --secret-file $work/seed" \
    -n "oathtool --totp -b SECRET" "oathtool --totp -b $secret"

echo "== QR code PNG of a key URI (${#uri} bytes): one image per process"
hyperfine -N --warmup 20 --min-runs 300 \
    -n "mfaguard qr URI --png out.png" "$bin/mfaguard qr $uri --png $work/mfaguard.png" \
    -n "qrencode -o out.png URI" "qrencode -o $work/qrencode.png $uri"

echo "== In process (mfaguard-bench qr)"
"$bin/mfaguard-bench" qr
