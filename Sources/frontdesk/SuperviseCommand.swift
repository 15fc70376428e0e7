import ArgumentParser
import CursesTerminal
import Foundation
import FrontDeskConsole
import FrontDeskCore
import FrontDeskStore
import TerminalUI

/// `frontdesk supervise`: every desk, the lobby and phone figures, breaches and the ranked
/// queue across desks, live; made for `ssh -t host frontdesk supervise` on a slow link.
struct SuperviseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supervise", abstract: "The supervisor console: every desk, breaches, the queue (supervisors and admins).")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var lockOptions: LockOptions
    @Flag(help: "No terminal bell on a new breach (default: $FRONTDESK_BELL=0 also turns it off).") var noBell = false
    @Option(help: "Theme name or file (default: $FRONTDESK_THEME; NO_COLOR gives monochrome).") var theme: String?
    @Option(name: .customLong("site"), help: "Watch this site (repeatable; default: every site you may watch).") var sites: [String] = []

    func run() throws {
        let (store, actor) = try StoreCommand.session(database, .supervise).pair
        let scope: SiteScope
        do { scope = try store.siteScope(for: actor.login, asked: sites.contains("all") ? nil : sites) }
        catch { throw StoreCommand.failure("\(error)", code: 65) }
        let bell = !noBell && ProcessInfo.processInfo.environment["FRONTDESK_BELL"] != "0"
        let now = Date()
        let lock = try lockOptions.lock(store: store, actor: actor, now: now)

        try ConsoleSession.withTerminal(themeName: theme) { terminal in
            // The clinic's day, in the clinic's zone (the calendar's), as `report day` reads it.
            let zone = (try? store.calendar())?.timeZone ?? .current
            let backend = StoreSupervisorBackend(store: store, actor: actor, timeZone: zone)
            var state = SupervisorState(clinic: backend.initialClinic(at: now), now: now, user: actor.login, role: actor.role,
                                        width: terminal.width, height: terminal.height, bellEnabled: bell,
                                        policy: RankingPolicy(config: store.config.policy), scope: scope)
            state.timeZone = zone
            let runtime = ConsoleRuntime<SupervisorProgram>(state: state, backend: backend, terminal: terminal)
            runtime.lock = lock
            ConsoleSession.run(runtime, on: terminal, store: store)
        }
    }
}

/// `frontdesk board`: the waiting-room display. Tickets, "now calling" and the estimated
/// wait — never names, reasons, providers or insurance unless `--show-names` opts in to
/// first name and last initial.
struct BoardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board", abstract: "The public waiting-room board: ticket numbers, now calling, estimated wait.")

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Also show first name and last initial (off by default: the board is public).") var showNames = false
    @Option(help: "Theme name or file.") var theme: String?
    @Option(help: "The site whose lobby this is (a clinic group's board shows one site).") var site: String?

    func run() throws {
        let store = try StoreCommand.session(database, .showBoard).store
        let site: String?
        do { site = try store.boardSite(self.site) } catch { throw StoreCommand.failure("\(error)", code: 64) }
        try ConsoleSession.withTerminal(themeName: theme) { terminal in
            let runtime = ConsoleRuntime<BoardProgram>(state: BoardProgram.State(now: Date()),
                                                       backend: StoreBoardSource(store: store, showNames: showNames, site: site), terminal: terminal)
            ConsoleSession.run(runtime, on: terminal, store: store)
        }
    }
}
