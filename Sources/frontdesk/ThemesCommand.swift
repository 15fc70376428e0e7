import ArgumentParser

struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "themes", abstract: "List the themes, or check a theme file.")
    func run() throws { throw ValidationError("`frontdesk themes` is not built yet") }
}
