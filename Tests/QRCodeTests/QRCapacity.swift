@testable import QRCode

/// Character capacities computed from our tables (checked against qrencode in QrencodeComparisonTests).
enum QRCapacity {
    static func characters(version: Int, correction: QRErrorCorrection, alphabet: ZbarDecodingTests.Alphabet) -> Int {
        let bits = QRVersionTable.dataCodewords(version: version, correction: correction) * 8
        let sample: UInt8 =
            switch alphabet {
            case .digits: UInt8(ascii: "1")
            case .alphanumeric: UInt8(ascii: "A")
            case .bytes: UInt8(ascii: "a")
            }
        return QRSegment(bytes: [sample]).capacity(dataBits: bits, version: version)
    }
}
