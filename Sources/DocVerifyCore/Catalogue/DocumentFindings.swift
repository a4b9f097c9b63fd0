extension FindingCode {
    public static let notPDF = FindingCode("NOT_PDF")
    public static let emptyFile = FindingCode("EMPTY_FILE")
    public static let truncated = FindingCode("TRUNCATED")
    public static let encrypted = FindingCode("ENCRYPTED")
    public static let tooLarge = FindingCode("TOO_LARGE")
    public static let unreadable = FindingCode("UNREADABLE")
    public static let notRegularFile = FindingCode("NOT_REGULAR_FILE")
    public static let damaged = FindingCode("DAMAGED")
    public static let structureLimit = FindingCode("STRUCTURE_LIMIT")
    public static let parserCrashed = FindingCode("PARSER_CRASHED")
    public static let timeout = FindingCode("TIMEOUT")
    public static let internalError = FindingCode("INTERNAL_ERROR")
    public static let repaired = FindingCode("REPAIRED")
    public static let unknownKind = FindingCode("UNKNOWN_KIND")
    public static let documentKind = FindingCode("DOCUMENT_KIND")
}

extension FindingCatalogue {
    static let documentEntries: [Entry] = {
        let family = "Reading the document"
        return [
            Entry(
                .notPDF, .error, family: family,
                "The file is not a PDF: no `%PDF-` header in its first kilobyte.",
                action: "Ask for the document as the PDF the issuer produced; a photo or another format cannot be checked."),
            Entry(
                .emptyFile, .error, family: family,
                "The file is empty (0 bytes).",
                action: "Ask for the document again; the upload or scan did not complete."),
            Entry(
                .truncated, .error, family: family,
                "The PDF ends early: it stops in the middle of a revision (inside an object, or an update without its end), a signature's signed range runs past its end, or it has no end-of-file marker and the reader could not rebuild it.",
                action: "Ask for the document again; the copy received is incomplete."),
            Entry(
                .encrypted, .error, family: family,
                "The PDF is encrypted with a password, so its content cannot be read.",
                action: "Ask for an unprotected copy; docverify does not take passwords."),
            Entry(
                .tooLarge, .error, family: family,
                "The file is larger than the configured maximum size.",
                action: "Check the file by hand or raise `max_size` if such documents are expected."),
            Entry(
                .unreadable, .error, family: family,
                "The path could not be read: missing, no permission, a directory, a FIFO, a device or a symlink loop.",
                action: "Check the path and file; nothing about the document was judged."),
            Entry(
                .notRegularFile, .error, family: family,
                "The inbox entry is not a regular file with one link (symlink, FIFO, directory, device or hard link) and was not opened.",
                action: "Drop the document itself into the inbox, not a link to it."),
            Entry(
                .damaged, .error, family: family,
                "The PDF reader could not open the document even after repair (broken structure).",
                action: "Ask for the document again from the issuer; nothing about its authenticity was judged."),
            Entry(
                .structureLimit, .error, family: family,
                "The file exceeds a safety limit of the structure scanner (objects, nesting, inflated bytes or revisions).",
                action: "Treat the file with suspicion and check it by hand; such files are typical of attacks."),
            Entry(
                .parserCrashed, .error, family: family,
                "The isolated worker process judging the document crashed.",
                action: "Check the document by hand; report the file's SHA-256 to the administrator."),
            Entry(
                .timeout, .error, family: family,
                "Judging the document took longer than the time limit and the worker was stopped.",
                action: "Check the document by hand; report the file's SHA-256 to the administrator."),
            Entry(
                .internalError, .error, family: family,
                "docverify failed for a reason of its own (a bug), not because of the document.",
                action: "Report the file's SHA-256 and the message to the administrator."),
            Entry(
                .repaired, .info, family: family,
                "The PDF's cross-reference was broken and the reader rebuilt it before judging.",
                action: "Nothing on its own; files straight from an issuer rarely need repair."),
            Entry(
                .unknownKind, .warn, family: family,
                "The document is readable but is neither a Sesame report nor a bank statement.",
                action: "Decide by hand what the document is; no kind-specific checks were run."),
            Entry(
                .documentKind, .info, family: family,
                "Which kind of document docverify recognised and from which labels.",
                action: "Nothing; confirms which checks were applied."),
        ]
    }()
}
