extension FindingCode {
    public static let quarantined = FindingCode("QUARANTINED")
}

extension FindingCatalogue {
    static let daemonEntries: [Entry] = {
        let family = "Inbox daemon"
        return [
            Entry(.quarantined, .error, family: family,
                  "The document made the worker crash or hang on every attempt and was moved to quarantine.",
                  action: "Check the document by hand; give its SHA-256 to the administrator."),
        ]
    }()
}
