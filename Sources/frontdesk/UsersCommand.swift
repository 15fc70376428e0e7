import ArgumentParser
import Foundation
import FrontDeskCore
import FrontDeskStore
import TextSafety

/// `frontdesk users add|list|remove|pin`: who may use the consoles, with which role.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manage the clinic's users (OS logins), their roles and PINs.",
        subcommands: [Add.self, List.self, Remove.self, Pin.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user, or change a user's role (admins only).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The user's OS login.") var login: String
        @Option(help: "receptionist, supervisor, admin, or integration (the feed, AMI and HL7 adapters).") var role: String

        func run() throws {
            guard let role = Role(rawValue: role) else {
                throw StoreCommand.failure("unknown role \"\(self.role)\": use receptionist, supervisor, admin or integration", code: 64)
            }
            let (store, actor) = try StoreCommand.session(database, .manageUsers).pair
            do { try store.addUser(login: login, role: role, by: actor, now: Date()) }
            catch { throw StoreCommand.failure("\(error)", code: 65) }
            print("\(login) is a \(role.rawValue)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users, their roles and whether they set a PIN.")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try StoreCommand.session(database, .listUsers).store
            for u in try store.listUsers() {
                let pin = (try? store.hasPIN(login: u.login)) == true ? "PIN set" : "no PIN"
                print([u.login, u.role.rawValue, pin].map(InertText.delimitedField).joined(separator: "\t"))
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user (admins only).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The user's OS login.") var login: String

        func run() throws {
            let (store, actor) = try StoreCommand.session(database, .manageUsers).pair
            do { try store.removeUser(login: login, by: actor, now: Date()) }
            catch { throw StoreCommand.failure("\(error)", code: 65) }
            print("\(login) removed")
        }
    }

    struct Pin: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set your own unlock PIN (6–12 digits), asked twice without echo.")
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Read the PIN from one line of standard input (scripts and tests).") var pinStdin = false

        func run() throws {
            let (store, actor) = try StoreCommand.session(database, .setOwnPIN).pair
            let pin: String
            if pinStdin {
                pin = (readLine(strippingNewline: true) ?? "").trimmingCharacters(in: .whitespaces)
            } else {
                let first = Self.ask("New PIN: "), second = Self.ask("Again: ")
                guard first == second else { throw StoreCommand.failure("the two PINs differ; nothing changed", code: 65) }
                pin = first
            }
            do { try store.setPIN(pin, by: actor, now: Date()) }
            catch { throw StoreCommand.failure("\(error); nothing changed", code: 65) }
            print("PIN set for \(actor.login)")
        }

        /// Reads a line from the terminal with echo off (getpass is obsolete and capped at 128).
        static func ask(_ prompt: String) -> String {
            FileHandle.standardError.write(Data(prompt.utf8))
            var saved = termios()
            let isTTY = tcgetattr(0, &saved) == 0
            if isTTY { var quiet = saved; quiet.c_lflag &= ~tcflag_t(ECHO); tcsetattr(0, TCSAFLUSH, &quiet) }
            defer { if isTTY { tcsetattr(0, TCSAFLUSH, &saved); FileHandle.standardError.write(Data("\n".utf8)) } }
            return (readLine(strippingNewline: true) ?? "").trimmingCharacters(in: .whitespaces)
        }
    }
}
