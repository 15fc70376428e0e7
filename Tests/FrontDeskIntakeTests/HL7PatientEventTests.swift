import Foundation
import Testing
@testable import FrontDeskIntake

@Suite("ADT messages to patient events")
struct HL7PatientEventTests {
    typealias F = HL7Fixture

    static let registration = F.message(
        F.msh("ADT^A04^ADT_A01", control: "A04-1", version: "2.5"),
        F.segment("EVN", [1: "A04", 2: "20210924081500"]),
        F.segment("PID", [1: "1", 3: "1001^^^NCL^MR~756.1234.5678.97^^^CHE-AHV^SS",
                          5: "Brunner^Lea^Sofia^^^^L", 7: "19751108", 8: "f",
                          11: "Seestrasse 12^Apt 4^Thalwil^ZH^8800^CHE^H~Postfach 9^^Thalwil^ZH^8801^CHE^M",
                          13: "(044)555-0111^PRN^PH~(079)555-0112^PRN^CP", 14: "(044)555-0199^WPN^PH"]),
        F.segment("PD1", [1: ""]),
        F.segment("PV1", [1: "1", 2: "O", 3: "GP^^^NORTHCLINIC", 7: "D17^Varga^Ilona^^^Dr",
                          19: "V-2021-0042^^^NCL^VN", 44: "202109240815"]),
        F.segment("ZPI", [1: "custom"]))

    @Test func registrationReadsEveryDemographicField() throws {
        let event = try F.patient(Self.registration)
        #expect(event.trigger == "A04")
        #expect(event.action == .register)
        let patient = event.patient
        #expect(patient.identifiers.count == 2)
        #expect(patient.identifiers[0] == HL7Identifier(id: "1001", assigningAuthority: .init(namespaceID: "NCL"),
                                                        typeCode: "MR"))
        #expect(patient.identifiers[1].typeCode == "SS")
        #expect(patient.name == .value(HL7PersonName(family: "Brunner", given: "Lea", middle: "Sofia", typeCode: "L")))
        #expect(patient.birthDate.value?.text == "19751108")
        #expect(patient.sex == .value("F"))
        #expect(patient.address.value == HL7Address(street: "Seestrasse 12", otherDesignation: "Apt 4", city: "Thalwil",
                                                    state: "ZH", postalCode: "8800", country: "CHE", typeCode: "H"))
        #expect(patient.homePhones.value?.map(\.number) == ["(044)555-0111", "(079)555-0112"])
        #expect(patient.homePhones.value?.last?.equipmentType == "CP")
        #expect(patient.businessPhones.value?.first?.useCode == "WPN")
        #expect(patient.phone == "(044)555-0111")
        #expect(event.recordedAt?.date == F.date("202109240815"))
        #expect(event.patientClass == "O")
        #expect(event.visitNumber?.id == "V-2021-0042")
        #expect(event.attendingDoctor?.name?.prefix == "Dr")
        #expect(event.assignedLocation?.pointOfCare == "GP")
        #expect(event.admittedAt?.date == F.date("202109240815"))
        #expect(event.priorIdentifiers.isEmpty)
    }

    @Test(arguments: [("A01", HL7PatientAction.register), ("A04", .register), ("A08", .update), ("A31", .update),
                      ("A03", .endVisit)])
    func triggersMapToActions(trigger: String, action: HL7PatientAction) throws {
        let text = F.message(F.msh("ADT^\(trigger)", control: "T-\(trigger)", version: "2.4"), "PID|1||1001^^^NCL")
        let event = try F.patient(text)
        #expect(event.action == action)
        #expect(event.trigger == trigger)
    }

    @Test func anUpdateKeepsEmptyAndNullApart() throws {
        let text = F.message(
            F.msh("ADT^A08", control: "A08-1", version: "2.6"),
            F.segment("EVN", [2: "20210925090000"]),
            F.segment("PID", [1: "1", 3: "1001^^^NCL^MR", 5: "Brunner^Lea", 7: "\"\"", 13: "\"\"",
                              14: "^WPN^PH^^41^44^5550199^12"]))
        let patient = try F.patient(text).patient
        #expect(patient.birthDate == .null)
        #expect(patient.homePhones == .null)
        #expect(patient.address == .empty)
        #expect(patient.sex == .empty)
        #expect(patient.businessPhones.value?.first?.number == "+41 44 5550199 x12")
        #expect(patient.phone == "+41 44 5550199 x12")
    }

    @Test func endOfVisitCarriesTheDischargeTime() throws {
        let text = F.message(F.msh("ADT^A03", control: "A03-1", version: "2.5.1"),
                             F.segment("PID", [1: "1", 3: "1001^^^NCL"]),
                             F.segment("PV1", [1: "1", 2: "O", 19: "V-9", 45: "20210924113000+0200"]))
        let event = try F.patient(text)
        #expect(event.action == .endVisit)
        #expect(event.dischargedAt?.date == F.date("202109241030"))
        #expect(event.visitNumber?.id == "V-9")
    }

    @Test func mergeReadsPriorIdentifiersFromMRG1() throws {
        let text = F.message(F.msh("ADT^A40^ADT_A39", control: "A40-1", version: "2.5"),
                             F.segment("EVN", [2: "20210926120000"]),
                             F.segment("PID", [1: "1", 3: "1001^^^NCL^MR", 5: "Brunner^Lea"]),
                             F.segment("MRG", [1: "2002^^^NCL^MR~T-55^^^TEMP"]))
        let event = try F.patient(text)
        #expect(event.action == .merge)
        #expect(event.patient.identifiers.map(\.id) == ["1001"])
        #expect(event.priorIdentifiers.map(\.id) == ["2002", "T-55"])
        #expect(event.priorIdentifiers[1].assigningAuthority?.namespaceID == "TEMP")
    }

    @Test func mergeProblemsAreContentErrors() throws {
        let head = F.msh("ADT^A40", control: "A40-2", version: "2.5")
        let noMRG = try #require(try F.contentError(F.message(head, "PID|1||1001")))
        #expect(noMRG.detail.location?.segment == "MRG")
        #expect(noMRG.detail.code == .segmentSequenceError)
        let emptyMRG = try #require(try F.contentError(F.message(head, "PID|1||1001", "MRG||OLD-ALT")))
        #expect(emptyMRG.detail.location == HL7ErrorLocation(segment: "MRG", field: 1))
        #expect(emptyMRG.description == "MRG-1 prior patient identifier list is missing")
        let twoPairs = try #require(try F.contentError(F.message(head, "PID|1||1001", "MRG|2002", "PID|2||3003",
                                                                 "MRG|4004")))
        #expect(twoPairs.description.contains("only one PID/MRG pair"))
    }

    @Test func sparseVersion23SenderWithPID2AndTriggerOnlyInEVN() throws {
        let text = F.message(F.msh("ADT", control: "OLD-1", version: "2.3"),
                             F.segment("EVN", [1: "A08", 2: "199912311200"]),
                             F.segment("PID", [2: "X-778", 5: "Haas^Otto", 7: "19400101^D"]))
        let event = try F.patient(text)
        #expect(event.action == .update)
        #expect(event.trigger == "A08")
        #expect(event.patient.identifiers.map(\.id) == ["X-778"])
        #expect(event.patient.birthDate.value?.year == 1940)
    }

    @Test func missingPatientDataNamesTheField() throws {
        let noID = try #require(try F.contentError(F.message(F.msh("ADT^A04", control: "M-1", version: "2.5"),
                                                             "PID|1|||Doe^John")))
        #expect(noID.detail.location == HL7ErrorLocation(segment: "PID", field: 3))
        #expect(noID.detail.code == .requiredFieldMissing)
        let noPID = try #require(try F.contentError(F.message(F.msh("ADT^A04", control: "M-2", version: "2.5"),
                                                              "EVN|A04")))
        #expect(noPID.detail.location?.segment == "PID")
        let badBirth = try #require(try F.contentError(F.message(F.msh("ADT^A04", control: "M-3", version: "2.5"),
                                                                 "PID|1||1001||||19751131")))
        #expect(badBirth.detail.location == HL7ErrorLocation(segment: "PID", field: 7))
        #expect(badBirth.detail.code == .dataTypeError)
        #expect(badBirth.description.contains("birth date"))
        let unknownTrigger = try #require(try F.contentError(F.message(F.msh("ADT^A28", control: "M-4", version: "2.5"),
                                                                       "PID|1||1001")))
        #expect(unknownTrigger.acknowledgment == .reject)
    }
}
