// Micro-benchmarks run on demand by the scripts in Benchmarks/; prints numbers, asserts nothing.
// Usage: mfaguard-bench policy|reports|qr|signing
switch CommandLine.arguments.dropFirst().first {
case "policy":
    PolicyBench.run()
case "reports":
    try ReportBenchmark.run()
case "signing":
    SigningBench.run()
case "qr", "otp":
    try OTPQRBench.run()
default:
    print("usage: mfaguard-bench policy|reports|qr|signing")
}
