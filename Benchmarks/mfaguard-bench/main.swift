// Micro-benchmarks run on demand by Benchmarks/run.sh; prints numbers, asserts nothing.
// Usage: mfaguard-bench [qr]
let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "qr", "otp":
    try OTPQRBench.run()
default:
    print("usage: mfaguard-bench qr")
}
