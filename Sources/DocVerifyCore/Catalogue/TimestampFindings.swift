extension FindingCode {
    public static let sigTimestampValid = FindingCode("SIG_TIMESTAMP_VALID")
    public static let sigTimestampUntrusted = FindingCode("SIG_TIMESTAMP_UNTRUSTED")
    public static let sigTimestampInvalid = FindingCode("SIG_TIMESTAMP_INVALID")
}

extension FindingCatalogue {
    /// RFC 3161 timestamps: signature timestamps (an unsigned attribute of the signer) and
    /// document timestamps (`/SubFilter /ETSI.RFC3161`), in the signatures' family.
    static let timestampEntries: [Entry] = {
        let family = "PDF signatures"
        return [
            Entry(
                .sigTimestampValid, .info, family: family,
                "An RFC 3161 timestamp holds: it stamps the signature (or, for a document timestamp, the bytes it covers) and its time-stamping authority chains to the trust store with the timeStamping usage. A signature timestamp proves when the signature existed; the signer's certificate is judged at that time.",
                action: "Nothing; the time is proven, not claimed."),
            Entry(
                .sigTimestampUntrusted, .warn, family: family,
                "An RFC 3161 timestamp cannot be relied on: its time-stamping authority is not in the trust store or may not sign timestamps, or its algorithm is weak or not supported. Its time stays a claim.",
                action: "Judge the signing time as the signer's claim; check the timestamp with another validator if the time matters."),
            Entry(
                .sigTimestampInvalid, .fail, family: family,
                "An RFC 3161 timestamp is broken: its own signature does not verify, or it stamps other data than the signature or bytes it is attached to (a token copied from another signature, bytes changed after the document timestamp).",
                action: "Treat the document as altered or forged."),
        ]
    }()
}
