import ArgumentParser

struct FeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "feed", abstract: "Apply JSON-lines events from stdin.")
    func run() throws { throw ValidationError("`frontdesk feed` is not built yet") }
}
