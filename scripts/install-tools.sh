#!/usr/bin/env bash
# Installs the tools the tests, the demo and the benchmarks need, when missing:
# moto (the AWS emulator), the AWS CLI and botocore (oracles), oathtool and zbarimg
# (TOTP and QR oracles), rsvg-convert (rasterises our SVG for zbarimg), qrencode and hyperfine (benchmarks).
set -euo pipefail

need_apt=()
command -v oathtool >/dev/null 2>&1 || need_apt+=(oathtool)
command -v zbarimg >/dev/null 2>&1 || need_apt+=(zbar-tools)
command -v qrencode >/dev/null 2>&1 || need_apt+=(qrencode)
command -v hyperfine >/dev/null 2>&1 || need_apt+=(hyperfine)
command -v script >/dev/null 2>&1 || need_apt+=(bsdutils)
command -v rsvg-convert >/dev/null 2>&1 || need_apt+=(librsvg2-bin)
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
if [ ${#need_pip[@]} -gt 0 ]; then
    echo "installing with pip: ${need_pip[*]}" >&2
    python3 -m pip install -q "${need_pip[@]}"
fi
command -v moto_server >/dev/null 2>&1 || { echo "moto_server is not on PATH after installing moto" >&2; exit 1; }
