import ArgumentParser

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "simulate", abstract: "Run a simulated clinic day under a policy and report it.")
    func run() throws { throw ValidationError("`frontdesk simulate` is not built yet") }
}
