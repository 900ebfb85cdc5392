#!/usr/bin/env python3
"""Starts `moto_server -H 127.0.0.1 -p PORT` for the tests and the demo, waits until it answers,
prints "ready PORT" and stops it when the parent process goes away (so a crashed test run leaves
no emulator behind).

usage: moto_launcher.py [--port PORT] [--parent-pid PID]
"""
import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--parent-pid", type=int, default=os.getppid())
    args = parser.parse_args()
    # Started by Foundation's Process with SIGTERM blocked (see helper_lifecycle.py); moto_server
    # inherits the mask too, so both would outlive stop().
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    port = args.port or free_port()
    child = subprocess.Popen(
        ["moto_server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def stop(*_):
        child.terminate()
        try:
            child.wait(5)
        except subprocess.TimeoutExpired:
            child.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    deadline = time.time() + 60
    while True:
        if child.poll() is not None:
            print("moto_server exited early", file=sys.stderr)
            sys.exit(1)
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=1)
            break
        except Exception:
            if time.time() > deadline:
                print("moto_server did not start in 60 s", file=sys.stderr)
                stop()
            time.sleep(0.1)
    print(f"ready {port}", flush=True)
    while True:
        time.sleep(0.5)
        if child.poll() is not None:
            sys.exit(1)
        if os.getppid() != args.parent_pid:
            stop()


if __name__ == "__main__":
    main()
