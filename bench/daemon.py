#!/usr/bin/env python3
"""Benchmark of `docverify watch` (the daemon), standard library only.

  latency     rename into the inbox -> verdict published in the outbox (the verdict's
              IN_MOVED_TO seen through inotify), one document at a time: p50, p99
  throughput  N documents dropped at once (staged, then renamed in) until the last verdict,
              against `docverify verify` over the same files with the same workers, same run
  memory      the daemon's resident memory (its own process, and its workers) after every
              tenth of M documents: flat means no growth per document

Usage: bench/daemon.py BINARY WORKDIR [--latency 200] [--throughput 1000] [--memory 10000] [--workers N]
"""
import argparse
import ctypes
import json
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import corpus  # noqa: E402  (bench/corpus.py: small distinct one-page PDFs)

IN_MOVED_TO = 0x80
libc = ctypes.CDLL("libc.so.6", use_errno=True)


class Outbox:
    """Names of verdicts as they are published (inotify on the outbox)."""

    def __init__(self, path):
        self.fd = libc.inotify_init1(os.O_CLOEXEC)
        if self.fd < 0 or libc.inotify_add_watch(self.fd, path.encode(), IN_MOVED_TO) < 0:
            raise OSError(ctypes.get_errno(), "inotify")
        self.buffer = b""

    def wait(self, timeout):
        """Yields (time, name) for each verdict .json published, until timeout with nothing."""
        while True:
            ready, _, _ = select.select([self.fd], [], [], timeout)
            if not ready:
                return
            now = time.monotonic()
            data = self.buffer + os.read(self.fd, 1 << 16)
            # Walk the events by offset: cutting the buffer after each event copied the rest
            # of it every time, and that quadratic copying took CPU from the daemon measured.
            offset, names = 0, []
            while len(data) - offset >= 16:
                _, _, _, length = struct.unpack_from("iIII", data, offset)
                if len(data) - offset < 16 + length:
                    break
                name = data[offset + 16:offset + 16 + length].rstrip(b"\0").decode("utf-8", "replace")
                offset += 16 + length
                if name.endswith(".verdict.json"):
                    names.append(name)
            self.buffer = data[offset:]
            for name in names:
                yield now, name


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    """Child processes of every thread of pid (workers are started by the job threads)."""
    found = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    found += [int(p) for p in f.read().split()]
            except OSError:
                pass
    except OSError:
        pass
    return found


class Daemon:
    def __init__(self, binary, root, workers):
        self.root = root
        self.inbox, self.outbox, self.state = (os.path.join(root, d) for d in ("inbox", "outbox", "state"))
        for d in (self.inbox, self.outbox, os.path.join(self.inbox, ".tmp")):
            os.makedirs(d, exist_ok=True)
        config = os.path.join(root, "docverify.toml")
        with open(config, "w") as f:
            # The daemon refuses to start without a trust anchor; the repository's test anchors.
            keys = os.path.abspath("keys")
            f.write(f"[verify]\nworkers = {workers}\nkeys = \"{keys}\"\nallow_test_keys = true\n"
                    f"[daemon]\nsettle = 2\nrescan_interval = 60\n")
        self.log = open(os.path.join(root, "daemon.log"), "wb")
        self.watch = Outbox(self.outbox)
        self.proc = subprocess.Popen(
            [binary, "watch", "--inbox", self.inbox, "--outbox", self.outbox, "--state", self.state, "--config", config],
            stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + 30
        while b"docverify watch started" not in open(self.log.name, "rb").read():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise SystemExit("the daemon did not start; see " + self.log.name)
            time.sleep(0.01)

    def stage(self, source, name):
        shutil.copyfile(source, os.path.join(self.inbox, ".tmp", name))

    def drop(self, name):
        os.rename(os.path.join(self.inbox, ".tmp", name), os.path.join(self.inbox, name))

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=60)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def throughput(binary, root, docs, batch, workers):
    """Seconds for the daemon to publish verdicts for `batch` dropped at once (staged first)."""
    daemon = Daemon(binary, root, workers)
    for name in batch:
        daemon.stage(os.path.join(docs, name), name)
    start = time.monotonic()
    for name in batch:
        daemon.drop(name)
    published = 0
    last = start
    for seen, _ in daemon.watch.wait(60):
        published += 1
        last = seen
        if published == len(batch):
            break
    daemon.stop()
    if published != len(batch):
        raise SystemExit(f"only {published} of {len(batch)} verdicts published")
    return last - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("workdir")
    parser.add_argument("--latency", type=int, default=200)
    parser.add_argument("--throughput", type=int, default=1000)
    parser.add_argument("--memory", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    args = parser.parse_args()
    # A fresh folder per run, removed at the end: deleting thousands of files right before
    # measuring makes inode allocation slow on ext4 (recently deleted inodes are skipped).
    run = os.path.join(args.workdir, f"run-{os.getpid()}")
    docs = os.path.join(run, "corpus")
    count = max(args.latency, args.throughput, 1000)
    sys.argv = ["corpus", str(count), docs]
    corpus.main()
    files = sorted(os.listdir(docs))
    results = {"workers": args.workers, "cores": os.cpu_count(), "spool": run}

    # Throughput: N at once through the daemon, then the CLI over the same files.
    batch = files[:args.throughput]
    daemon_seconds = throughput(args.binary, os.path.join(run, "throughput"), docs, batch, args.workers)
    start = time.monotonic()
    subprocess.run([args.binary, "verify", "--format", "json", "--workers", str(args.workers)]
                   + [os.path.join(docs, n) for n in batch], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cli_seconds = time.monotonic() - start
    results["throughput"] = {"documents": len(batch), "daemon_docs_per_s": len(batch) / daemon_seconds,
                             "cli_docs_per_s": len(batch) / cli_seconds, "ratio": cli_seconds / daemon_seconds}
    # The same with the spool in memory (tmpfs): the daemon's own cost without the disk's.
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        shm = f"/dev/shm/docverify-bench-{os.getpid()}"
        try:
            memory_seconds = throughput(args.binary, shm, docs, batch, args.workers)
        finally:
            shutil.rmtree(shm, ignore_errors=True)
        results["throughput"]["tmpfs_daemon_docs_per_s"] = len(batch) / memory_seconds
        results["throughput"]["tmpfs_ratio"] = cli_seconds / memory_seconds

    # Latency: one document at a time, rename -> verdict published.
    daemon = Daemon(args.binary, os.path.join(run, "latency"), args.workers)
    latencies = []
    for i in range(args.latency):
        name = f"lat-{i:05d}.pdf"
        daemon.stage(os.path.join(docs, files[i % len(files)]), name)
        start = time.monotonic()
        daemon.drop(name)
        for seen, published in daemon.watch.wait(30):
            if published == name + ".verdict.json":
                latencies.append((seen - start) * 1000)
                break
        else:
            raise SystemExit(f"no verdict for {name}")
    daemon.stop()
    results["latency_ms"] = {"n": len(latencies), "p50": percentile(latencies, 50), "p99": percentile(latencies, 99),
                             "max": max(latencies)}

    # Memory: M documents in ten rounds; RSS of the daemon (and its workers) after each.
    daemon = Daemon(args.binary, os.path.join(run, "memory"), args.workers)
    per_round = max(1, args.memory // 10)
    samples = []
    done = 0
    for round_ in range(10):
        names = []
        for i in range(per_round):
            name = f"m{round_:02d}-{i:05d}.pdf"
            daemon.stage(os.path.join(docs, files[(round_ * per_round + i) % len(files)]), name)
            names.append(name)
        for name in names:
            daemon.drop(name)
        got = 0
        for _ in daemon.watch.wait(60):
            got += 1
            if got == len(names):
                break
        done += got
        time.sleep(0.3)
        workers = sum(rss_kib(c) for c in children(daemon.proc.pid))
        samples.append({"documents": done, "daemon_rss_mib": rss_kib(daemon.proc.pid) / 1024, "workers_rss_mib": workers / 1024})
    daemon.stop()
    results["memory"] = samples
    if os.environ.get("DOCVERIFY_BENCH_KEEP") is None:
        shutil.rmtree(run, ignore_errors=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
