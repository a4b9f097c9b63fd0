import Foundation
import Testing

@testable import DocVerify

/// The policy table of `docs/sesame-report.md`, one finding per rule.
@Suite("Sesame policy checks")
struct SesamePolicyTests {
    static let now = Verdict.parseTimestamp("2026-11-25T12:00:00Z")!

    private func report(_ values: [SesameField: String]) -> SesameReport {
        var report = SesameReport()
        report.values = values
        return report
    }

    private static let complete: [SesameField: String] = [
        .reportId: "ZM20261120000123", .issuedAt: "2026-11-20 10:30", .name: "张伟", .score: "782",
    ]

    private func codes(_ values: [SesameField: String], policy: Policy = Policy.builtIn["luxembourg"]!) -> [String] {
        SesamePolicyChecks(report: report(values), policy: policy, now: Self.now).findings().map(\.code.rawValue)
    }

    @Test("a complete, recent report above the minimum has no finding")
    func clean() {
        #expect(codes(Self.complete).isEmpty)
    }

    @Test("each required field missing or unreadable is FIELD_MISSING")
    func requiredFields() {
        for field in SesameField.required {
            var values = Self.complete
            values[field] = nil
            #expect(codes(values) == ["FIELD_MISSING"], "\(field)")
        }
        var badId = Self.complete
        badId[.reportId] = "ZM-1"
        #expect(codes(badId) == ["FIELD_MISSING"])
        var badScore = Self.complete
        badScore[.score] = "excellent"
        #expect(codes(badScore) == ["FIELD_MISSING"])
    }

    @Test("score outside 350–950 fails; below the policy minimum is review, per policy")
    func scores() {
        var values = Self.complete
        values[.score] = "960"
        #expect(codes(values) == ["SCORE_OUT_OF_RANGE"])
        values[.score] = "349"
        #expect(codes(values) == ["SCORE_OUT_OF_RANGE"])
        values[.score] = "712"
        #expect(codes(values) == ["SCORE_BELOW_MINIMUM"])
        #expect(codes(values, policy: Policy.builtIn["canada"]!) == ["SCORE_BELOW_MINIMUM"])
        #expect(codes(values, policy: Policy.builtIn["singapore"]!).isEmpty)
        values[.score] = "750"
        #expect(codes(values).isEmpty)
        let findings = SesamePolicyChecks(report: report(["score": "712"].mapKeys), policy: Policy.builtIn["luxembourg"]!, now: Self.now).score()
        #expect(findings.first?.severity == .warn)
        #expect(findings.first?.evidence?["minimum"] == .int(750))
    }

    @Test("issued in the future beyond five minutes of skew fails")
    func future() {
        var values = Self.complete
        values[.issuedAt] = "2026-11-25 20:04"  // 12:04 UTC: within the skew
        #expect(codes(values).isEmpty)
        values[.issuedAt] = "2026-11-25 20:06"
        #expect(codes(values) == ["ISSUED_IN_FUTURE"])
        values[.issuedAt] = "2026-11-26"  // starts 2026-11-25T16:00Z
        #expect(codes(values) == ["ISSUED_IN_FUTURE"])
        values[.issuedAt] = "2026-11-25"
        #expect(codes(values).isEmpty)
    }

    @Test("older than the policy's maximum age is REPORT_STALE (review); a passed validity date is REPORT_EXPIRED")
    func age() {
        var values = Self.complete
        values[.issuedAt] = "2026-10-26"  // 30 calendar days before 2026-11-25 in Beijing
        #expect(codes(values).isEmpty)
        values[.issuedAt] = "2026-10-25"
        #expect(codes(values) == ["REPORT_STALE"])
        var custom = Policy.builtIn["luxembourg"]!
        custom.maximumReportAgeDays = 60
        #expect(codes(values, policy: custom).isEmpty)

        values = Self.complete
        values[.validUntil] = "2026-11-25"  // valid through the whole day in Beijing (until 16:00 UTC)
        #expect(codes(values).isEmpty)
        values[.validUntil] = "2026-11-24"
        #expect(codes(values) == ["REPORT_EXPIRED"])
    }

    @Test("an unmasked ID number must pass GB 11643 and match the date of birth; a masked one is not judged")
    func identity() {
        var values = Self.complete
        values[.idNumber] = "110105199003070025"
        values[.dateOfBirth] = "1990-03-07"
        #expect(codes(values).isEmpty)
        values[.dateOfBirth] = "1990年3月8日"
        #expect(codes(values) == ["ID_BIRTHDATE_MISMATCH"])
        values[.idNumber] = "110105199003070026"
        #expect(codes(values) == ["ID_NUMBER_INVALID"])
        values[.idNumber] = "1101**********0026"
        #expect(codes(values).isEmpty)
        let finding = SesamePolicyChecks(
            report: report(values.merging([.idNumber: "110105199003070026"]) { $1 }), policy: Policy.builtIn["luxembourg"]!, now: Self.now
        ).identity().first
        #expect(finding?.message.contains("110105199003070026") == false, "the ID number must be masked in messages")
    }

    @Test("age in days: calendar days in Beijing for a date, elapsed days for a date with time")
    func ageInDays() throws {
        #expect(SesamePolicyChecks.ageInDays(of: try #require(SesameDate.parse("2026-11-25")), at: Self.now) == 0)
        #expect(SesamePolicyChecks.ageInDays(of: try #require(SesameDate.parse("2026-11-24")), at: Self.now) == 1)
        #expect(SesamePolicyChecks.ageInDays(of: try #require(SesameDate.parse("2026-11-24 21:00")), at: Self.now) == 0)
    }
}

extension Dictionary where Key == String, Value == String {
    fileprivate var mapKeys: [SesameField: String] {
        Dictionary<SesameField, String>(uniqueKeysWithValues: compactMap { key, value in SesameField(rawValue: key).map { ($0, value) } })
    }
}
