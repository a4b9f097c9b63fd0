internal import DocVerify

/// The watched-folder service (`docverify watch`); see `../shared/spec/daemon.md`.
public enum Daemon {}
