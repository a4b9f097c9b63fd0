internal import DocCrypto
internal import Foundation

/// `docs/sesame-report.md`, "Trust" and "Revocation": the signer certificate chains to an anchor
/// of the trust store, was valid at the signing time, may sign documents and is not
/// revoked; plus `TEST_ISSUER` when the anchor is a `test-` file.
///
/// A Sesame report needs a trusted issuer (`SIG_UNTRUSTED` fails). On any other document
/// an intact signature from an issuer outside the trust store is recorded
/// (`SIG_VALID_UNTRUSTED_ISSUER`, info), not trusted: the signer's name proves nothing.
enum TrustCheck {
    static func findings(
        _ verification: CMSVerification, requireTrust: Bool, label: String, evidence: [String: FieldValue]
    ) -> [Finding] {
        var out: [Finding] = []
        let signerName = verification.signer.map { "\"\($0.displayName)\"" } ?? "an unidentified signer"
        func reasons(_ category: CMSFailure.Category) -> String? {
            let failures = verification.failures.filter { $0.category == category }
            return failures.isEmpty ? nil : failures.map(\.description).joined(separator: "; ")
        }
        let untrusted = reasons(.trust)
        if let untrusted {
            if requireTrust {
                out.append(Finding(.sigUntrusted, sentence(label, "the signer \(signerName) is not trusted: \(untrusted)."), evidence: evidence))
            } else if verification.isIntact {
                out.append(
                    Finding(
                        .sigValidUntrustedIssuer,
                        sentence(
                            label, "the signature by \(signerName) is intact, but its issuer is not in the trust store; the name is the signer's own claim."),
                        evidence: evidence
                    )
                )
            }
            // Without a trusted path, validity, key usage and revocation say nothing more.
            return out
        }
        if let expired = reasons(.validity) {
            out.append(Finding(.sigCertExpired, sentence(label, "\(expired)."), evidence: evidence))
        }
        if let revoked = reasons(.revocation) {
            out.append(Finding(.sigCertRevoked, sentence(label, "\(revoked)."), evidence: evidence))
        }
        if let unknown = reasons(.revocationUnknown) {
            out.append(Finding(.sigRevocationUnknown, sentence(label, "\(unknown)."), evidence: evidence))
        }
        if !verification.revocationSources.isEmpty || !verification.revocationNotes.isEmpty {
            var parts: [String] = []
            if !verification.revocationSources.isEmpty {
                parts.append("revocation checked from the document's own data: " + verification.revocationSources.joined(separator: "; "))
            }
            if !verification.revocationNotes.isEmpty {
                parts.append("ignored, not trusted: " + verification.revocationNotes.joined(separator: "; "))
            }
            var evidence = evidence
            evidence["sources"] = .array(verification.revocationSources.map { .string($0) })
            evidence["ignored"] = .array(verification.revocationNotes.map { .string($0) })
            out.append(Finding(.sigRevocationData, sentence(label, parts.joined(separator: ". ") + "."), evidence: evidence))
        }
        if let usage = reasons(.keyUsage) {
            out.append(Finding(.sigKeyUsage, sentence(label, "\(usage)."), evidence: evidence))
        }
        if verification.usesTestAnchor, verification.anchor != nil {
            out.append(
                Finding(
                    .testIssuer,
                    sentence(
                        label,
                        "the trust decision relies on the TEST anchor \(verification.anchor?.fileName ?? "?"): never rely on this verdict for a real application."
                    ),
                    evidence: evidence
                )
            )
        }
        return out
    }
}
