import ArgumentParser

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "A fresh demo clinic with a simulated live day, and the desk console.")
    func run() throws { throw ValidationError("`frontdesk demo` is not built yet") }
}
