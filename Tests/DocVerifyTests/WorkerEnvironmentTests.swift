import Foundation
import Testing
@testable import DocVerifyCore

/// A worker that crashes on a hostile document must not leave Swift's backtracer running: it
/// can hold the worker's answer pipe and a task of the service for minutes (seen in the daemon
/// soak), so workers start with it off whatever the parent's environment says.
@Suite("The worker's environment")
struct WorkerEnvironmentTests {
    @Test("SWIFT_BACKTRACE=enable=no once, replacing the parent's setting; the rest of the environment passes")
    func backtracerOff() {
        setenv("SWIFT_BACKTRACE", "enable=yes,interactive=yes", 1)
        setenv("DOCVERIFY_ENVIRONMENT_PROBE", "kept", 1)
        defer {
            unsetenv("SWIFT_BACKTRACE")
            unsetenv("DOCVERIFY_ENVIRONMENT_PROBE")
        }
        let environment = WorkerProcess.workerEnvironment()
        defer { for variable in environment { free(variable) } }
        #expect(environment.last == .some(nil), "NULL-terminated")
        let strings = environment.compactMap { $0.map { String(cString: $0) } }
        #expect(strings.filter { $0.hasPrefix("SWIFT_BACKTRACE=") } == ["SWIFT_BACKTRACE=enable=no"])
        #expect(strings.contains("DOCVERIFY_ENVIRONMENT_PROBE=kept"))
    }
}
