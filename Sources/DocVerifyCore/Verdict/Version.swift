/// docverify's version, reported in every verdict's `engine` and by `--version`.
public enum DocVerifyVersion {
    public static let string = "0.1.0"
}
