import Foundation
import Testing
@testable import FrontDeskCore

@Suite struct CheckInDraftTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let patient = Patient(id: 7, mrn: "MRN7", familyName: "O'Brien", givenName: "Siobhán",
                                 dateOfBirth: "1975-09-30", phone: "(617) 555-0101",
                                 insurance: Insurance(payer: "Aetna", memberID: "AET123456"), version: 3)
    static let visit = Visit(id: 11, ticket: "A-001", patientID: 7, provider: "Dr. Chen", appointmentAt: t0,
                             reason: "Follow-up", status: .arrived, statusSince: t0,
                             readiness: ReadinessCheck.allOpen(since: t0))

    @Test func prefilledFromTheRecordAndValid() {
        let d = CheckInDraft(patient: Self.patient, visit: Self.visit)
        #expect(d.errors(today: "2026-11-29").isEmpty)
        #expect(d.basePatientVersion == 3)
        #expect(d.value(.memberID) == "AET123456")
    }

    @Test func theDraftRoundTripsByteForByteWithFocusAndCursor() {
        var d = CheckInDraft(patient: Self.patient, visit: Self.visit)
        d.values[.notes] = "needs a wheelchair 🦽, speaks 日本語"
        d.focus = .memberID; d.cursor = 4; d.checked.insert(.photoID)
        let data = d.encoded()
        let back = CheckInDraft.decode(data)
        #expect(back == d)
        #expect(back?.encoded() == data)
    }

    @Test func errorsNameTheFieldsInPlainWords() {
        var d = CheckInDraft(patient: Self.patient, visit: Self.visit)
        d.values[.dateOfBirth] = "2030-01-01"
        d.values[.memberID] = "A B"
        d.values[.copayAmount] = "20"
        d.values[.reason] = ""
        let e = d.errors(today: "2026-11-29")
        #expect(e[.dateOfBirth]?.message == "Date of birth is in the future")
        #expect(e[.memberID]?.message == "Member ID: use only letters, digits and hyphens (3 to 20 characters)")
        #expect(e[.copayMethod]?.message == "Collected by: pick cash, card, check or waived")
        #expect(e[.reason]?.message == "Reason for visit cannot be empty")
        if case .failure(let inc) = d.updatedPatient(Self.patient, today: "2026-11-29") {
            #expect(inc.errors.count == 4)
        } else { Issue.record("an invalid form must not produce a record") }
    }

    @Test func whatIsLeftOpenBecomesReadinessFlags() {
        var d = CheckInDraft(patient: Self.patient, visit: Self.visit)
        d.checked = [.photoID, .consentToTreat]
        d.values[.copayAmount] = "25.00"; d.values[.copayMethod] = "card"
        let r = d.readiness
        #expect(r[.photoID] == .done)
        #expect(r[.insuranceCard] == .open)
        #expect(r[.insuranceVerified] == .open)
        #expect(r[.copay] == .done)
        d.values[.payer] = ""; d.values[.memberID] = ""
        #expect(d.readiness[.insuranceVerified] == .waived)
    }

    @Test func progressGrowsAsFieldsAreDone() {
        var d = CheckInDraft(visitID: 1)
        let empty = d.progress(today: "2026-11-29")
        d.values = [.familyName: "Kim", .givenName: "Ji-woo", .dateOfBirth: "1993-12-13", .phone: "2125550172", .reason: "Rash"]
        let filled = d.progress(today: "2026-11-29")
        d.checked = Set(CheckInField.allCases.filter(\.isCheckbox))
        #expect(empty == 0)
        #expect(filled > empty)
        #expect(d.progress(today: "2026-11-29") == 1)
        #expect(d.step == "Identity · Family name")
    }

    @Test func onlyTheCopayStepMasksInterruptions() {
        #expect(CheckInField.allCases.filter(\.masksInterruptions) == [.copayAmount, .copayMethod, .receipt])
    }
}
