import ArgumentParser

struct AMICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ami", abstract: "Feed calls from an Asterisk Manager Interface connection.")
    func run() throws { throw ValidationError("`frontdesk ami` is not built yet") }
}
