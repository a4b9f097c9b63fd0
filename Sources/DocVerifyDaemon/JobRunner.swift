#if canImport(Glibc)
internal import Glibc
#endif
internal import DocCrypto
internal import DocVerifyCore
internal import Foundation
internal import Logging

/// The life of one document, run on a job thread (`docs/daemon.md`, "Life of a document"):
/// claim it from the inbox, check what it is without opening anything that is not a
/// regular file with one link, read it safely, count the attempt on disk, judge it in a
/// worker, publish the verdict durably, and only then retire the original.
///
/// Every step is safe to repeat: a job for an entry already in `state/work/` (left by a
/// daemon that was killed) runs the same steps from the claim on, and finds an already
/// published verdict instead of publishing a second one.
struct JobRunner: Sendable {
    let spool: Spool
    let publisher: Publisher
    let retirer: Retirer
    let ledger: AttemptLedger
    let logger: Logger
    /// Set once the daemon has said that read leases are unavailable.
    let leaseNote = OnceFlag()

    func run(_ ticket: Ticket, generation: Generation) -> JobResult {
        let name = ticket.job.name
        let file = name.display
        if ticket.job.origin == .inbox {
            // A file some process still has open for writing is not claimed, however long
            // its writer pauses: the settle window only sees size and mtime.
            let lease = takeLease(spool.inbox, ticket, generation.configuration)
            if case .writerOpen = lease { return .stillWritten }
            let rc = FileSystem.renameNoReplace(spool.inbox, name, spool.work, name)
            // Held across the rename: a writer that opened the file meanwhile broke it.
            var intact = true
            if case .held(let held) = lease {
                intact = held.intact
                held.release()
            }
            switch rc {
            case 0: break
            case ENOENT: return .vanished
            case EEXIST: return .busy
            default:
                let error = SystemCallError("claim", rc)
                logger.error(
                    "cannot claim an inbox entry",
                    metadata: logNames(ticket, generation.configuration, ["error": "\(error)"])
                )
                return .failed(error.description)
            }
            if !intact { return unclaim(ticket, generation.configuration) }
        } else {
            switch takeLease(spool.work, ticket, generation.configuration) {
            case .writerOpen:
                // Left in work/ by a stopped daemon while a writer still had it open: the
                // next periodic rescan looks again.
                return .stillWritten
            case .held(let held): held.release()
            case .unavailable: break
            }
        }
        let info: stat
        switch FileSystem.status(spool.work, name) {
        case .success(let value):
            info = value
            ticket.inode = UInt64(value.st_ino)
        case .failure(let error) where error.code == ENOENT: return .vanished
        case .failure(let error): return .failed(error.description)
        }
        let configuration = generation.configuration
        if let what = Self.notRegular(info) {
            return reject(
                ticket, code: .notRegularFile, message: "The entry is \(what), not a document; it was not opened.", kind: what, generation: generation)
        }
        let options = DocumentReader.Options(strict: true, maxSize: configuration.maxSize)
        generation.documentPermits.wait()
        defer { generation.documentPermits.signal() }
        let bytes: [UInt8]
        switch DocumentReader.read(pathBytes: name.bytes, directoryFD: spool.work, options: options) {
        case .success(let read): bytes = read
        case .failure(let failure) where failure.changedWhileRead:
            return unclaim(ticket, configuration)
        case .failure(let failure) where failure.code == .notRegularFile || failure.code == .unreadable:
            return reject(ticket, code: failure.code, message: failure.message, kind: "\(failure.code)", generation: generation)
        case .failure(let failure):
            return unreadableButRetired(ticket, failure: failure, generation: generation)
        }
        // The bytes judged, hashed and retired to done/ must be the file's whole content: a
        // file written to after the claim (size, mtime or inode changed) goes back to be
        // settled again rather than be judged by its first part.
        if case .success(let after) = FileSystem.status(spool.work, name), !Self.sameContent(info, after) {
            return unclaim(ticket, configuration)
        }
        let sha256 = Digest.sha256Hex(bytes)
        let job = String(sha256.prefix(16))
        switch publisher.lookup(name: name, file: file, sha256: sha256, identityHex: sha256) {
        case .published(_, let codes):
            ticket.lock.lock()
            defer { ticket.lock.unlock() }
            return finishAlreadyPublished(ticket, configuration, file: file, sha256: sha256, codes: codes, job: job)
        default: break
        }
        let attemptKey = AttemptLedger.key(sha256: sha256, name: name)
        // Every attempt is on disk before a worker receives the document, so a document found
        // in work/ without a ledger entry never reached a worker (the daemon stopped or was
        // killed while it waited): it has used none of its attempts.
        var recorded = ledger.entry(attemptKey)
        var entry = recorded ?? AttemptLedger.Entry(attempts: 0)
        while true {
            if entry.attempts >= configuration.maxAttempts {
                return quarantinePoison(ticket, bytes: bytes, sha256: sha256, entry: entry, generation: generation)
            }
            let before = entry
            ticket.lock.lock()
            if ticket.abandoned {
                ticket.lock.unlock()
                return .abandoned
            }
            ticket.markAttempt(started: Clock.now())
            ticket.lock.unlock()

            let now = Date()
            let started = Clock.now()
            let outcome = generation.pool.judgeOutcome(bytes: bytes, fileName: file, now: now, policy: generation.policy) {
                // A worker is ready: the attempt counts from here.
                ticket.lock.lock()
                entry.attempts += 1
                ledger.record(attemptKey, entry)
                recorded = entry
                ticket.attempt = (attemptKey, before)
                ticket.lock.unlock()
            }

            ticket.lock.lock()
            defer { ticket.lock.unlock() }
            if ticket.abandoned { return .abandoned }
            ticket.attempt = nil
            ticket.markAttempt(started: nil)
            switch outcome {
            case .verdict(var verdict):
                // As WorkerPool.judge does for `verify`: identity from exactly the bytes sent.
                verdict.file = file
                verdict.sha256 = sha256
                verdict.size = bytes.count
                verdict.checkedAt = now
                do {
                    try publisher.publish(verdict, name: name, identityHex: sha256)
                    try retirer.retire(name, sha256: sha256, ledgerKey: recorded != nil ? attemptKey : nil)
                } catch {
                    // The worker did its part: a full disk must not count against the document.
                    if recorded != nil { ledger.record(attemptKey, before) }
                    logger.error("cannot publish a verdict", metadata: logNames(ticket, configuration, ["job": "\(job)", "error": "\(error)"]))
                    return .failed(error.description)
                }
                let codes = verdict.codeSummary
                logger.info(
                    "verdict published",
                    metadata: logNames(
                        ticket, configuration,
                        [
                            "job": "\(job)", "verdict": "\(verdict.verdict.rawValue)", "codes": "\(codes)",
                            "attempt": "\(entry.attempts)", "ms": "\(Int((Clock.now() - started) * 1000))",
                        ]
                    )
                )
                return .published(verdict.verdict)
            case .crashed(let reason):
                entry.lastFailure = .crashed(reason)
            case .timedOut(let seconds):
                entry.lastFailure = .timedOut(after: seconds)
            case .unavailable(let reason):
                // The daemon's problem, not the document's: no attempt was made. It stays in
                // work/ and is tried again at the next rescan.
                logger.error(
                    "no worker could be started; the document waits in state/work for the next rescan",
                    metadata: logNames(ticket, configuration, ["job": "\(job)", "reason": "\(reason)"])
                )
                return .workerUnavailable(reason)
            }
            ledger.record(attemptKey, entry)
            recorded = entry
            logger.warning(
                "worker failed on a document",
                metadata: logNames(
                    ticket, configuration,
                    [
                        "job": "\(job)", "attempt": "\(entry.attempts)",
                        "max_attempts": "\(configuration.maxAttempts)", "reason": "\(entry.lastFailure?.description ?? "")",
                    ]
                )
            )
        }
    }

    /// How a log line names an inbox entry. File names often carry applicants' names, and
    /// logs carry no personal data (`docs/daemon.md`, "Logs and privacy"): by default an entry is named by its inode
    /// (`entry=ino:N`; stable while the daemon moves it from inbox to work to done or
    /// quarantine: `find SPOOL -inum N`) beside the document's SHA-256 prefix (`job`); its
    /// escaped name is added only with `daemon.log_file_names = true`.
    func logNames(_ ticket: Ticket, _ configuration: Configuration, _ metadata: Logger.Metadata) -> Logger.Metadata {
        logNames(ticket.job.name, inode: ticket.inode, configuration, metadata)
    }

    /// The same for an inbox entry no job holds yet (its inode looked up when not known).
    func logNames(_ name: EntryName, inode: UInt64? = nil, _ configuration: Configuration, _ metadata: Logger.Metadata) -> Logger.Metadata {
        var out = metadata
        if let inode = inode ?? Self.inode(of: name, in: spool.inbox) {
            out["entry"] = "ino:\(inode)"
        }
        if configuration.logFileNames { out["file"] = "\(name.display)" }
        return out
    }

    static func inode(of name: EntryName, in directory: Int32) -> UInt64? {
        if case .success(let info) = FileSystem.status(directory, name) { return UInt64(info.st_ino) }
        return nil
    }

    /// A read lease on the entry, or why there is none. That leases cannot be had (a clerk's
    /// file owned by another user, without CAP_LEASE) is noted once: such files are taken on
    /// the settle window alone.
    private func takeLease(_ directory: Int32, _ ticket: Ticket, _ configuration: Configuration) -> ReadLease.Attempt {
        let attempt = ReadLease.take(directory, ticket.job.name)
        if case .unavailable(let code) = attempt, code == EACCES || code == EPERM || code == EINVAL, leaseNote.first() {
            logger.notice(
                "read leases are not available for some inbox files (another user's files without CAP_LEASE, or a filesystem without leases); those are held only while inotify saw them written and not yet closed, then taken on the settle window",
                metadata: logNames(ticket, configuration, ["error": "\(SystemCallError("F_SETLEASE", code))"])
            )
        }
        return attempt
    }

    /// Whether two looks at a file show the same content: inode, size and mtime.
    static func sameContent(_ before: stat, _ after: stat) -> Bool {
        before.st_ino == after.st_ino && before.st_size == after.st_size && before.st_mtim.tv_sec == after.st_mtim.tv_sec
            && before.st_mtim.tv_nsec == after.st_mtim.tv_nsec
    }

    /// A claimed file that is still being written goes back to the inbox to settle again
    /// (if a new file took its name there, it waits in work/ for the next periodic rescan).
    private func unclaim(_ ticket: Ticket, _ configuration: Configuration) -> JobResult {
        let name = ticket.job.name
        _ = FileSystem.renameNoReplace(spool.work, name, spool.inbox, name)
        logger.info("document still being written; not judged yet", metadata: logNames(ticket, configuration, [:]))
        return .stillWritten
    }

    /// What a non-regular or multiply-linked entry is, or nil for a plain file.
    static func notRegular(_ info: stat) -> String? {
        switch info.st_mode & S_IFMT {
        case S_IFREG: return info.st_nlink == 1 ? nil : "a file with \(info.st_nlink) hard links"
        case S_IFLNK: return "a symbolic link"
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        default: return "not a regular file"
        }
    }

    /// An entry that is never opened (or could not be): `error` verdict, then quarantine.
    private func reject(_ ticket: Ticket, code: FindingCode, message: String, kind: String, generation: Generation) -> JobResult {
        let name = ticket.job.name
        let file = name.display
        let identity = Digest.sha256Hex(name.bytes)
        ticket.lock.lock()
        defer { ticket.lock.unlock() }
        if ticket.abandoned { return .abandoned }
        // A non-file has no bytes to recognise it by: a fresh one from the inbox always gets
        // its own verdict; one recovered from work/ may have been published before the stop.
        let fresh = ticket.job.origin == .inbox
        do {
            let verdict = Verdict.error(
                code: code, message: message, file: file, sha256: "", size: 0, policy: generation.policy, checkedAt: Date()
            )
            try publisher.publish(verdict, name: name, identityHex: identity, matchPublished: !fresh)
            try retirer.quarantine(name, identityHex: identity, file: file, sha256: "", ledgerKey: nil, reason: message, attempts: nil)
        } catch {
            logger.error("cannot publish a verdict", metadata: logNames(ticket, generation.configuration, ["error": "\(error)"]))
            return .failed(error.description)
        }
        logger.warning(
            "inbox entry rejected", metadata: logNames(ticket, generation.configuration, ["code": "\(code)", "what": "\(kind)"])
        )
        return .rejected
    }

    /// A file that is too large (or changed while read): `error` verdict; the original is retired.
    private func unreadableButRetired(_ ticket: Ticket, failure: DocumentReader.Failure, generation: Generation) -> JobResult {
        let name = ticket.job.name
        let file = name.display
        let identity = Digest.sha256Hex(name.bytes)
        ticket.lock.lock()
        defer { ticket.lock.unlock() }
        if ticket.abandoned { return .abandoned }
        let verdict = Verdict.error(
            code: failure.code, message: failure.message, file: file, sha256: "", size: 0, policy: generation.policy, checkedAt: Date()
        )
        // The bytes were never read, so a verdict under this name cannot be recognised as
        // this file's: a fresh drop gets its own (a re-dropped too-large file is answered
        // again); one recovered from work/ may have been published before the stop.
        let written: Bool
        do {
            written = try publisher.publish(verdict, name: name, identityHex: identity, matchPublished: ticket.job.origin != .inbox).written
            try retirer.retire(name, sha256: identity, ledgerKey: nil)
        } catch {
            logger.error("cannot publish a verdict", metadata: logNames(ticket, generation.configuration, ["error": "\(error)"]))
            return .failed(error.description)
        }
        logger.info(
            written ? "verdict published" : "verdict already published; original retired",
            metadata: logNames(ticket, generation.configuration, ["verdict": "error", "codes": "\(failure.code)"])
        )
        return .published(.error)
    }

    /// The worker failed on every attempt: `error` verdict naming QUARANTINED, then quarantine.
    private func quarantinePoison(
        _ ticket: Ticket, bytes: [UInt8], sha256: String, entry: AttemptLedger.Entry, generation: Generation
    )
        -> JobResult
    {
        let name = ticket.job.name
        let file = name.display
        let job = String(sha256.prefix(16))
        let failure = entry.lastFailure?.description ?? "the daemon stopped during each attempt"
        ticket.lock.lock()
        defer { ticket.lock.unlock() }
        if ticket.abandoned { return .abandoned }
        var findings = [
            Finding(
                .quarantined, severity: .error,
                "The worker judging this document failed on each of \(entry.attempts) attempts; the document was moved to quarantine."
            )
        ]
        if let last = entry.lastFailure {
            findings.append(Finding(last.code, severity: .error, "Last attempt: the worker \(last)."))
        }
        let verdict = Verdict(
            file: file, sha256: sha256, size: bytes.count, kind: .unknown, verdict: .error,
            summary: "Could not be analysed: the worker failed on every attempt; the document is in quarantine.",
            findings: findings,
            policy: Verdict.PolicyRef(name: generation.policy.name, version: generation.policy.version), checkedAt: Date()
        )
        do {
            try publisher.publish(verdict, name: name, identityHex: sha256)
            try retirer.quarantine(
                name, identityHex: sha256, file: file, sha256: sha256, ledgerKey: AttemptLedger.key(sha256: sha256, name: name),
                reason: failure, attempts: entry.attempts
            )
        } catch {
            logger.error(
                "cannot publish a verdict", metadata: logNames(ticket, generation.configuration, ["job": "\(job)", "error": "\(error)"])
            )
            return .failed(error.description)
        }
        logger.error(
            "document quarantined", metadata: logNames(ticket, generation.configuration, ["job": "\(job)", "attempts": "\(entry.attempts)"])
        )
        return .quarantined
    }

    /// The verdict is in the outbox already (the daemon stopped after publishing): finish the
    /// move the verdict implies. The caller holds the ticket's lock.
    private func finishAlreadyPublished(
        _ ticket: Ticket, _ configuration: Configuration, file: String, sha256: String, codes: [String], job: String
    ) -> JobResult {
        let name = ticket.job.name
        do {
            if codes.contains(FindingCode.quarantined.description) {
                try retirer.quarantine(
                    name, identityHex: sha256, file: file, sha256: sha256, ledgerKey: AttemptLedger.key(sha256: sha256, name: name),
                    reason: "already quarantined", attempts: nil
                )
            } else {
                try retirer.retire(name, sha256: sha256, ledgerKey: AttemptLedger.key(sha256: sha256, name: name))
            }
        } catch {
            logger.error("cannot retire a document", metadata: logNames(ticket, configuration, ["job": "\(job)", "error": "\(error)"]))
            return .failed(error.description)
        }
        logger.info("verdict already published; original retired", metadata: logNames(ticket, configuration, ["job": "\(job)"]))
        return .alreadyPublished
    }
}
