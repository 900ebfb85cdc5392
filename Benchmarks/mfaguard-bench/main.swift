// Micro-benchmarks run on demand by Benchmarks/run.sh; prints numbers, asserts nothing.
print("mfaguard-bench: no benchmarks yet")
