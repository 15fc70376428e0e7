import ArgumentParser

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create or migrate the database.")
    func run() throws { throw ValidationError("`frontdesk init` is not built yet") }
}
