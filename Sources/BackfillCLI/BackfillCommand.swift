import ArgumentParser

@main
struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backfill")
}
