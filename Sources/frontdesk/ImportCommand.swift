import ArgumentParser

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import appointments from a practice-system CSV export.")
    func run() throws { throw ValidationError("`frontdesk import` is not built yet") }
}
