import AWSSigning

/// Signatures per second for a typical IAM Query request (form body, session token).
enum SigningBench {
    static func run() {
        let signer = SigV4Signer(
            credentials: SigningCredentials(
                accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                sessionToken: String(repeating: "T", count: 400)),
            region: "us-east-1", service: "iam")
        let body = Array("Action=GetAccountAuthorizationDetails&Version=2010-05-08&MaxItems=1000".utf8)
        let date = AmzDate(secondsSince1970: 1_700_000_000)
        var checksum = 0
        for round in 0..<3 {
            let count = 200_000
            let start = ContinuousClock.now
            for _ in 0..<count {
                var request = SignableRequest(
                    method: "POST", path: "/",
                    headers: [("Host", "iam.amazonaws.com"), ("Content-Type", "application/x-www-form-urlencoded")],
                    body: body)
                signer.sign(&request, date: date)
                checksum &+= request.headers.count
            }
            let elapsed = start.duration(to: .now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("signing round \(round + 1): \(Int(Double(count) / seconds)) signatures/s")
        }
        if checksum == 42 { print("") }
    }
}
