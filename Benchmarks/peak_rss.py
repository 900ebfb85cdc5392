#!/usr/bin/env python3
"""Runs a command and prints its wall time and peak resident memory: `peak_rss.py CMD ARGS...`."""
import resource
import subprocess
import sys
import time

start = time.perf_counter()
status = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{elapsed * 1000:.1f} ms, peak RSS {peak:.1f} MiB, exit {status}")
