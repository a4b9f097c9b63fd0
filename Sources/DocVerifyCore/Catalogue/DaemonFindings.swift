extension FindingCode {
    public static let quarantined = FindingCode("QUARANTINED")
    public static let workerUnconfined = FindingCode("WORKER_UNCONFINED")
    public static let workerUnavailable = FindingCode("WORKER_UNAVAILABLE")
}

extension FindingCatalogue {
    static let daemonEntries: [Entry] = {
        let family = "Inbox daemon"
        return [
            Entry(
                .quarantined, .error, family: family,
                "The document made the worker crash or hang on every attempt and was moved to quarantine.",
                action: "Check the document by hand; give its SHA-256 to the administrator."),
            Entry(
                .workerUnconfined, .error, family: family,
                "The worker could not set its memory or CPU limits (a system call filter or a limit above the allowed maximum), so it refused to open the document.",
                action:
                    "Give the verdict to the administrator: the service's system call filter must allow setrlimit and prlimit64 (see systemd/docverify.service)."
            ),
            Entry(
                .workerUnavailable, .error, family: family,
                "No worker process could be started to judge the document (process limit, memory, or a missing docverify-worker); nothing is known about the document.",
                action: "Try again; if it persists, give the verdict to the administrator."),
        ]
    }()
}
