// Micro-benchmarks run on demand by Benchmarks/run.sh; prints numbers, asserts nothing.
try ReportBenchmark.run()
