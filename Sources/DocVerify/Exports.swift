// Everything that uses the pipeline also uses verdicts, codes, configuration and the
// worker pool; they live in DocVerifyCore so that processes which only hand documents to
// workers (the CLI, the daemon) need not load the PDF library.
@_exported public import DocVerifyCore
