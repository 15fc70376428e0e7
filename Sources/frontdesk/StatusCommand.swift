import ArgumentParser

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Print the live state once.")
    func run() throws { throw ValidationError("`frontdesk status` is not built yet") }
}
