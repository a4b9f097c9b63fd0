internal import DocCrypto
public import Foundation

extension Verdict {
    /// An `error` verdict: the document could not be analysed.
    public static func error(
        code: FindingCode, message: String, file: String, bytes: [UInt8], policy: Policy, checkedAt: Date
    ) -> Verdict {
        error(
            code: code, message: message, file: file, sha256: Digest.sha256Hex(bytes), size: bytes.count,
            policy: policy, checkedAt: checkedAt
        )
    }

    /// An `error` verdict for a document whose bytes are known only by hash (or not at all).
    public static func error(
        code: FindingCode, message: String, file: String, sha256: String, size: Int, policy: Policy, checkedAt: Date
    ) -> Verdict {
        Verdict(
            file: file, sha256: sha256, size: size, kind: .unknown, verdict: .error,
            summary: "Could not be analysed: \(message)",
            findings: [Finding(code, severity: .error, message)],
            policy: PolicyRef(name: policy.name, version: policy.version), checkedAt: checkedAt
        )
    }
}
