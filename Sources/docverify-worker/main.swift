// docverify-worker: the process every document is judged in. Started by `docverify`
// (verify and watch) with a pipe on standard input and output; not for people to run.
// It is the only executable that links the PDF library, so a hostile document can only
// ever crash this process (see WorkerPool).
import DocVerify
import Foundation

exit(WorkerServer.run())
