import ArgumentParser

struct FollowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "Keep series current after every session close: add, list or remove subscriptions.",
        discussion: """
            Subscriptions live in PostgreSQL; `backfill scheduler` enqueues, after each close of an instrument's \
            own calendar (NYSE, CME, 24x5 FX, 24x7 crypto) plus its delay, exactly the range not yet fetched.
            """,
        subcommands: [FollowAddCommand.self, FollowListCommand.self, FollowRemoveCommand.self]
    )
}
