/// The version of this build, as `turnpike --version`, the start log line and
/// `turnpike_build_info{version}` report it.
public enum TurnpikeVersion {
    public static let current = "0.9.0"
}
