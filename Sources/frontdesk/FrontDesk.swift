import ArgumentParser
import Foundation

@main
struct FrontDesk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frontdesk",
        abstract: "The front-desk console of a clinic, and the tools around it.",
        subcommands: [
            DemoCommand.self, DeskCommand.self,
            InitCommand.self, FeedCommand.self, StatusCommand.self, ImportCommand.self,
            SimulateCommand.self, AMICommand.self, ThemesCommand.self,
            SuperviseCommand.self, BoardCommand.self, UsersCommand.self, UnlockCommand.self, AuditGroup.self, DoctorCommand.self,
            ScheduleCommand.self, HL7Command.self, ReportCommand.self,
            BackupCommand.self, RestoreCommand.self, DowntimeCommand.self, MigrateCommand.self, SiteCommand.self,
        ],
        defaultSubcommand: DeskCommand.self)

    /// The access boundary decides first who this process is and where the database is
    /// (and may re-run the command through the service account's sudo rule).
    static func main() {
        let arguments = Boundary.start(Array(CommandLine.arguments.dropFirst()))
        main(arguments)
    }
}
