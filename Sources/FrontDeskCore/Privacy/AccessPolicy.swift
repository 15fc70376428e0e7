import Foundation

/// What a user may do. One table, applied by every screen and command (minimum necessary,
/// HIPAA §164.312(a)(1) and §164.514(d)).
public enum Permission: String, CaseIterable, Sendable, Hashable {
    /// See patients' names and visit details on the desk screens.
    case viewPatients = "view patients"
    /// Open a patient's full record (demographics, insurance) — audited.
    case openRecord = "open a patient record"
    case checkIn = "check patients in"
    case answerCalls = "answer calls"
    case raiseEmergency = "raise an emergency"
    /// Watch every desk (`frontdesk supervise`).
    case supervise = "supervise the desks"
    case reassignTask = "reassign tasks"
    case bumpTask = "bump tasks"
    case sendDeskNote = "send notes to desks"
    case readAudit = "read the audit trail"
    case manageUsers = "manage users"
    /// `frontdesk unlock`: open a locked console without its user's PIN.
    case emergencyUnlock = "unlock another user's console"
    case importData = "import appointments"
    /// `frontdesk feed`, `ami`, `hl7 listen`: events from the phone system and other systems.
    case ingestEvents = "feed events from the phone system or other systems"
    /// `frontdesk status`: ids, states and times, no names.
    case viewStatus = "read the live status"
    /// `frontdesk board`: tickets and "now calling", no names unless opted in.
    case showBoard = "show the waiting-room board"
    /// `frontdesk users list`: logins, roles, whether a PIN is set.
    case listUsers = "list the clinic's users"
    /// `frontdesk users pin`: one's own unlock PIN.
    case setOwnPIN = "set an unlock PIN"
    /// Book, move and cancel appointments; keep the waitlist.
    case bookAppointments = "book appointments"
    /// Book over a taken slot (with a reason, within the provider's daily cap).
    case overbook = "overbook a provider"
    /// `frontdesk schedule load`: replace the clinic's calendar.
    case manageSchedule = "load the clinic's calendar"
    /// `frontdesk backup`: a copy of every record in the clinic (HIPAA §164.308(a)(7)(ii)(A)).
    case backUp = "back up the clinic's database"
    /// `frontdesk restore`: replace the clinic's database with a backup (§164.308(a)(7)(ii)(B)).
    case restoreBackup = "restore the clinic's database from a backup"
    /// `frontdesk site`: a clinic group's sites, and which desks, queues, providers and users belong to them.
    case manageSites = "set up the clinic group's sites"
}

public enum AccessPolicy {
    /// The table. Receptionists work the desk; supervisors also watch and steer every desk
    /// and read the audit; admins also manage users, imports, backups and restores, and may
    /// run an integration by hand. A backup is every patient's record in one file, so it is an
    /// admin's, like an import: a supervisor's work needs the live desks, not a copy of them.
    /// An integration feeds events in and reads the status, nothing else: it sees no names.
    public static let table: [Role: Set<Permission>] = {
        let desk: Set<Permission> = [.viewPatients, .openRecord, .checkIn, .answerCalls, .raiseEmergency, .viewStatus,
                                       .showBoard, .setOwnPIN, .bookAppointments]
        let supervisor = desk.union([.listUsers, .supervise, .reassignTask, .bumpTask, .sendDeskNote, .readAudit, .emergencyUnlock,
                                     .overbook])
        let admin = supervisor.union([.manageUsers, .importData, .ingestEvents, .manageSchedule, .backUp, .restoreBackup, .manageSites])
        let integration: Set<Permission> = [.ingestEvents, .viewStatus]
        return [.receptionist: desk, .supervisor: supervisor, .admin: admin, .integration: integration]
    }()

    public static func allows(_ role: Role, _ permission: Permission) -> Bool {
        table[role]?.contains(permission) ?? false
    }

    /// The lowest role that has `permission`.
    public static func minimumRole(for permission: Permission) -> Role? {
        Role.allCases.sorted().first { allows($0, permission) }
    }

    /// nil when allowed; otherwise the sentence a refused user reads.
    public static func refusal(_ role: Role, _ permission: Permission) -> String? {
        if allows(role, permission) { return nil }
        let lowestPerson = Role.allCases.sorted().first { $0 != .integration && allows($0, permission) }
        let names = [lowestPerson?.rawValue, allows(.integration, permission) ? Role.integration.rawValue : nil].compactMap { $0 }
        let needed = names.isEmpty ? "" : " (needs the \(names.joined(separator: " or the ")) role)"
        let article = "aeiou".contains(role.rawValue.first ?? "x") ? "an" : "a"
        return "\(article) \(role.rawValue) may not \(permission.rawValue)\(needed)"
    }

    /// Throws `AccessDenied` when `role` lacks `permission`.
    public static func require(_ role: Role, _ permission: Permission) throws {
        if let why = refusal(role, permission) { throw AccessDenied(message: why) }
    }
}

public struct AccessDenied: Error, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// How much of a name a surface may show.
public enum NameDisclosure: Sendable, Equatable {
    /// "O'Brien, Siobhán"
    case full
    /// "Siobhán O." — the public board's opt-in.
    case firstNameLastInitial
    /// Nothing that identifies the patient.
    case none

    public func render(_ p: Patient) -> String {
        switch self {
        case .full: return p.displayName
        case .firstNameLastInitial:
            let first = (p.preferredName?.isEmpty == false ? p.preferredName! : p.givenName)
            let initial = p.familyName.first.map { "\($0)." } ?? ""
            return [first, initial].filter { !$0.isEmpty }.joined(separator: " ")
        case .none: return ""
        }
    }
}
