import ArgumentParser

struct DeskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "desk", abstract: "The desk console on an existing database.")
    func run() throws { throw ValidationError("`frontdesk desk` is not built yet") }
}
