import Foundation
import FrontDeskCore

/// What every part of the desk may read but none may change: the clinic as the store has it,
/// the clock, and who sits here. Parts take it as an argument and answer with what they want
/// done; only the desk turns that into effects.
struct DeskContext {
    let clinic: ClinicSnapshot
    let now: Date
    let desk: String
    let timeZone: TimeZone
    let policy: RankingPolicy

    func patient(_ id: Int64?) -> Patient? { clinic.patient(id) }

    /// The caller as the desk names them: the matched patient, else a caller-ID name, else the number.
    func callerLabel(_ call: Call) -> String {
        if let p = clinic.patient(call.patientID) { return p.displayName }
        return Call.meaningfulName(call.callerName) ?? call.from
    }

    /// Moves a selection by id through `ids`, staying on the ends.
    static func step<ID: Equatable>(_ ids: [ID], _ current: ID?, by delta: Int) -> ID? {
        guard !ids.isEmpty else { return nil }
        let i = current.flatMap { ids.firstIndex(of: $0) } ?? 0
        return ids[min(ids.count - 1, max(0, i + delta))]
    }
}

extension DeskState {
    var context: DeskContext { DeskContext(clinic: clinic, now: now, desk: deskName, timeZone: timeZone, policy: policy) }
}
