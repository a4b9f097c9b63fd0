#if canImport(Glibc)
internal import Glibc
#endif
internal import CDocVerifyShims
internal import Foundation

/// What a worker may still read once it is confined (issue 11, item 4: "read only what
/// poppler needs"). The document arrives through the worker's channel, and the trust store is
/// loaded before confinement, so nothing of the spool is needed: a worker taken over by a
/// hostile PDF cannot read another applicant's document in the inbox, `state/work` or
/// `state/done` and smuggle it into a verdict.
///
/// What stays readable: the system's programs, libraries and configuration (`/usr`, `/etc`,
/// `/lib*`; OpenSSL's configuration and poppler's data and fonts live there); fontconfig's
/// caches; `/proc` (the runtime reads its own entries; other processes of the user are out of
/// reach anyway: the daemon is not dumpable, and each worker is in its own Landlock domain,
/// which no other domain may trace); the CPU list in `/sys`; `/dev/null`, `/dev/urandom`;
/// and the folder of every shared object already loaded (a toolchain under `/opt`, say), so a
/// library loaded late finds its siblings.
enum ReadablePaths {
    static let system = [
        "/usr", "/etc", "/lib", "/lib32", "/lib64", "/bin", "/sbin",
        "/var/cache/fontconfig", "/proc", "/sys/devices/system/cpu",
        "/dev/null", "/dev/zero", "/dev/urandom", "/dev/random",
    ]

    /// Every path a worker may read beneath: ``system``, the user's font folders and caches,
    /// and the folders of the loaded shared objects and of the executable.
    static func forWorker(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var paths = system
        if let home = environment["HOME"], home.hasPrefix("/"), home != "/" {
            paths += [home + "/.cache/fontconfig", home + "/.fonts", home + "/.local/share/fonts", home + "/.fontconfig"]
        }
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { paths.append(cache + "/fontconfig") }
        paths += loadedObjectFolders()
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            paths.append((executable as NSString).deletingLastPathComponent)
        }
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }

    /// The folders of the files mapped into this process (`/proc/self/maps`).
    static func loadedObjectFolders() -> [String] {
        guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return [] }
        var folders: [String] = []
        for line in maps.split(separator: "\n") {
            guard let slash = line.firstIndex(of: "/") else { continue }
            let path = String(line[slash...])
            guard !path.hasSuffix(" (deleted)") else { continue }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty && folder != "/" { folders.append(folder) }
        }
        return folders
    }

    /// Applies Landlock with reading allowed only beneath `paths`; the ABI version, or -1
    /// when the kernel has none (then the worker goes on with its other confinement).
    @discardableResult
    static func confine(to paths: [String]) -> Int32 {
        var pointers = paths.map { strdup($0) }
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) {
                CDocVerifyShims_landlock_read_only_beneath($0.baseAddress, Int32($0.count))
            }
        }
    }
}
