#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal of its own (its controlling terminal, so /dev/tty is the pty) and
plays a person at the keyboard, step by step:

  expect:TEXT        wait (up to 30 s) until TEXT appears in the output after the previous match
  line:TEXT          type TEXT and Enter
  totp:FILE:STEPS    type the TOTP code of the Base32 seed in FILE for now + STEPS time steps (oathtool), Enter
  interrupt          press Ctrl-C

Prints one JSON object: {"status": exit status (128+N for signal N), "transcript": everything shown}.

usage: tty_driver.py --step STEP [--step STEP ...] -- COMMAND [ARGUMENT ...]
"""
import argparse
import json
import os
import pty
import select
import subprocess
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--step", action="append", default=[])
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    transcript = b""
    position = 0

    def read(timeout):
        nonlocal transcript
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            return False
        if not chunk:
            return False
        transcript += chunk
        return True

    failure = None
    for step in args.step:
        kind, _, value = step.partition(":")
        if kind == "expect":
            deadline = time.time() + 30
            needle = value.encode()
            while transcript.find(needle, position) < 0:
                if time.time() > deadline or not read(0.2):
                    failure = "did not see %r" % value
                    break
            if failure:
                break
            position = transcript.find(needle, position) + len(needle)
        elif kind == "line":
            os.write(fd, value.encode() + b"\n")
        elif kind == "totp":
            path, _, steps = value.rpartition(":")
            seed = open(path).read().strip()
            now = int(time.time()) + 30 * int(steps)
            code = subprocess.run(
                ["oathtool", "--totp", "-b", "--now=@%d" % now, seed], capture_output=True, text=True, check=True
            ).stdout.strip()
            os.write(fd, code.encode() + b"\n")
        elif kind == "interrupt":
            os.write(fd, b"\x03")
        else:
            failure = "unknown step %r" % step
            break
    deadline = time.time() + 60
    while read(0.2):
        if time.time() > deadline:
            failure = failure or "still running after 60 s"
            os.kill(pid, 9)
            break
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    result = {"status": code if code >= 0 else 128 - code, "transcript": transcript.decode("utf-8", "replace")}
    if failure:
        result["failure"] = failure
    print(json.dumps(result))


if __name__ == "__main__":
    main()
