#if canImport(Glibc)
internal import Glibc
#endif

/// Decides when a file in the inbox is complete enough to be taken.
///
/// A file is taken when its size, mtime and inode have not changed for `settle` seconds
/// (`docs/daemon.md`, "Life of a document"), or at once when it arrived by rename (the
/// writer's way of saying "complete"). The file is looked at again after `settle` and taken
/// only if nothing changed. Time is CLOCK_MONOTONIC only: a file's ctime or mtime compared
/// with the wall clock is fooled by a forward clock step (a growing file looked settled).
/// Settled is not finished: a file written to (`IN_MODIFY`) and not yet closed by its writer
/// (`IN_CLOSE_WRITE`) is not due however long it stays unchanged (``noteWriting(_:now:)``), which
/// holds whoever owns the file; and the job still takes a read lease before the claim
/// (``ReadLease``), which the kernel refuses while a writer has the file open (for files the
/// daemon may lease: its own user's, or any with CAP_LEASE).
///
/// Empty files wait longer (`emptySettle`): scanners often create the file, close it and
/// only later reopen it to write the pages (paperless-ngx #12511).
/// Entries that are not regular files are "ready" at once: they are never opened, only
/// moved aside with an `error` verdict.
struct SettleTracker {
    var settle: Double
    static let emptySettle = 30.0

    private struct Snapshot: Equatable {
        var size: Int
        var mtime: Int
        var mtimeNanoseconds: Int
        var inode: UInt64
    }

    private struct Pending {
        var snapshot: Snapshot
        var generation: Int
    }

    private var pending: [EntryName: Pending] = [:]
    /// Files written to whose writer has not closed them yet, by inotify's account, with the
    /// time of the first write seen.
    private var openForWriting: [EntryName: Double] = [:]
    /// Held names already reported by ``takeLongHeld(now:)``.
    private var reportedHeld: Set<EntryName> = []
    /// How long a writer may hold a file before the daemon says so (once per file).
    static let longHold = 600.0
    private var deadlines = DeadlineHeap()
    private var generation = 0

    init(settle: Double) {
        self.settle = settle
    }

    /// Names being watched until they settle.
    var count: Int { pending.count }
    /// When ``takeDue(now:directory:)`` next has something to look at.
    var nextDeadline: Double? { deadlines.first?.deadline }

    /// A name was seen (by an event or a scan). Returns true when it can be taken now.
    mutating func observe(_ name: EntryName, arrivedByRename: Bool, now: Double, directory: Int32) -> Bool {
        guard case .success(let info) = FileSystem.status(directory, name) else {
            pending[name] = nil
            noteClosed(name)
            return false
        }
        if info.st_mode & S_IFMT != S_IFREG || arrivedByRename {
            pending[name] = nil
            return true
        }
        let snapshot = Self.snapshot(info)
        let wait = snapshot.size == 0 ? max(settle, Self.emptySettle) : settle
        if let existing = pending[name], existing.snapshot == snapshot { return false }
        generation += 1
        pending[name] = Pending(snapshot: snapshot, generation: generation)
        deadlines.push(deadline: now + wait, name: name, generation: generation)
        return false
    }

    /// Names whose wait is over and that did not change meanwhile.
    mutating func takeDue(now: Double, directory: Int32) -> [EntryName] {
        var ready: [EntryName] = []
        while let first = deadlines.first, first.deadline <= now {
            deadlines.pop()
            guard let entry = pending[first.name], entry.generation == first.generation else { continue }
            guard case .success(let info) = FileSystem.status(directory, first.name) else {
                pending[first.name] = nil
                noteClosed(first.name)
                continue
            }
            let snapshot = Self.snapshot(info)
            let writerHolds = openForWriting[first.name] != nil && info.st_mode & S_IFMT == S_IFREG
            if !writerHolds && (info.st_mode & S_IFMT != S_IFREG || snapshot == entry.snapshot) {
                pending[first.name] = nil
                ready.append(first.name)
            } else {
                generation += 1
                pending[first.name] = Pending(snapshot: snapshot, generation: generation)
                let wait = snapshot.size == 0 ? max(settle, Self.emptySettle) : settle
                deadlines.push(deadline: now + wait, name: first.name, generation: generation)
            }
        }
        return ready
    }

    /// A process wrote to `name` and may still hold it open.
    mutating func noteWriting(_ name: EntryName, now: Double) {
        if openForWriting[name] == nil { openForWriting[name] = now }
    }

    /// The writer closed `name` (if several had it open, the first close ends the hold: the
    /// read lease and the settle window still stand behind it), or the file is gone.
    mutating func noteClosed(_ name: EntryName) {
        openForWriting[name] = nil
        reportedHeld.remove(name)
    }

    /// Events were lost (queue overflow, watch lost): who has what open is unknown again,
    /// and the settle window and the lease decide alone.
    mutating func forgetWriters() {
        openForWriting.removeAll()
        reportedHeld.removeAll()
    }

    /// Names a writer has held open for longer than ``longHold``, each returned once: a
    /// writer that never closes (a descriptor leaked into a long-lived process) keeps its
    /// file waiting, and the administrator should hear of it.
    mutating func takeLongHeld(now: Double) -> [EntryName] {
        let due = openForWriting.filter { now - $0.value >= Self.longHold && !reportedHeld.contains($0.key) }.map(\.key)
        reportedHeld.formUnion(due)
        return due
    }

    /// Files held for their writer, by inotify's account.
    var heldCount: Int { openForWriting.count }

    private static func snapshot(_ info: stat) -> Snapshot {
        Snapshot(
            size: Int(info.st_size), mtime: Int(info.st_mtim.tv_sec), mtimeNanoseconds: Int(info.st_mtim.tv_nsec),
            inode: UInt64(info.st_ino)
        )
    }
}

/// A binary min-heap of deadlines.
struct DeadlineHeap {
    struct Item {
        var deadline: Double
        var name: EntryName
        var generation: Int
    }

    private var items: [Item] = []

    var first: Item? { items.first }
    var isEmpty: Bool { items.isEmpty }

    mutating func push(deadline: Double, name: EntryName, generation: Int) {
        items.append(Item(deadline: deadline, name: name, generation: generation))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].deadline < items[parent].deadline else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() {
        guard !items.isEmpty else { return }
        items.swapAt(0, items.count - 1)
        items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count && items[left].deadline < items[smallest].deadline { smallest = left }
            if right < items.count && items[right].deadline < items[smallest].deadline { smallest = right }
            if smallest == parent { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
