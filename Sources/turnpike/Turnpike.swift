import ArgumentParser
import TurnpikeServer

/// The `turnpike` command.
@main
struct Turnpike: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "turnpike",
        abstract: "A self-hosted API gateway that sells access to HTTP APIs through AWS-style usage plans.",
        discussion: """
            Turnpike speaks AWS API Gateway's management API (the aws CLI, boto3 and Terraform work \
            against it via an endpoint URL) and enforces API keys, throttles and quotas.
            """,
        version: TurnpikeVersion.current,
        subcommands: [Serve.self, Migrate.self, LeaseBenchmarkCommand.self]
    )
}
