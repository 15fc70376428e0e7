import Foundation
import Testing
@testable import FrontDeskIntake

@Suite("Outgoing SIU and ADT, read back through our own parser")
struct HL7OutgoingTests {
    typealias F = HL7Fixture

    func header(_ version: String = "2.5.1", control: String = "FD-1") -> HL7OutgoingHeader {
        HL7OutgoingHeader(sendingFacility: "DESK", receivingApplication: "SCHEDPRO", receivingFacility: "NORTHCLINIC",
                          version: version, controlID: control, timestamp: F.date("20210924120000"), timeZone: F.zone)
    }

    /// A patient whose every text needs escaping somewhere.
    let patient = HL7PatientDemographics(
        identifiers: [HL7Identifier(id: "1001", assigningAuthority: .init(namespaceID: "NCL", universalID: "1.2.3",
                                                                          universalIDType: "ISO"), typeCode: "MR")],
        name: .value(HL7PersonName(family: "O'Neil & Sons|Ltd", given: "Ann^Marie", middle: "~Jo\\")),
        birthDate: .value(HL7Timestamp(year: 1985, month: 7, day: 4, timeZone: HL7Fixture.zone)!),
        sex: .value("F"),
        address: .value(HL7Address(street: "Hauptgasse 1", city: "Zürich", postalCode: "8001", country: "CHE")),
        homePhones: .value([HL7Phone(formatted: "+41 44 555 01 23", useCode: "PRN", equipmentType: "PH")]))

    func appointment(_ trigger: HL7ScheduleTrigger) -> HL7OutgoingAppointment {
        HL7OutgoingAppointment(
            trigger: trigger, fillerID: HL7EntityIdentifier(id: "FD-APT-7", namespaceID: "FRONTDESK"),
            placerID: HL7EntityIdentifier(id: "PL-88", namespaceID: "ORDERS"), start: F.date("202109301415"),
            duration: 25 * 60, appointmentType: HL7CodedValue(code: "NEWPT", text: "New patient, 25 min"),
            reason: HL7CodedValue(code: "CHECKUP"),
            provider: HL7Provider(id: "D42", name: HL7PersonName(family: "Nguyen", given: "Thi"),
                                  assigningAuthority: .init(namespaceID: "NCL")),
            location: HL7Location(pointOfCare: "ROOM3", facility: .init(namespaceID: "NORTHCLINIC")),
            patient: patient, notes: ["Wheelchair access\nneeds interpreter", "50% deposit | paid"])
    }

    @Test(arguments: [HL7ScheduleTrigger.booked, .rescheduled, .modified, .cancelled, .noShow])
    func siuRoundTripsThroughTheInterpreter(trigger: HL7ScheduleTrigger) throws {
        let text = appointment(trigger).siuMessage(header: header())
        let message = try F.parse(text)
        #expect(message.header.messageStructure == "SIU_S12")
        #expect(message.header.characterSet == "UNICODE UTF-8")
        let event = try F.schedule(text)
        #expect(event.trigger == trigger)
        #expect(event.fillerID == HL7EntityIdentifier(id: "FD-APT-7", namespaceID: "FRONTDESK"))
        #expect(event.placerID?.id == "PL-88")
        #expect(event.start?.date == F.date("202109301415"))
        #expect(event.duration == 1_500)
        #expect(event.appointmentType == HL7CodedValue(code: "NEWPT", text: "New patient, 25 min"))
        #expect(event.reason?.code == "CHECKUP")
        #expect(event.provider?.name?.family == "Nguyen")
        #expect(event.provider?.assigningAuthority?.namespaceID == "NCL")
        #expect(event.location?.facility?.namespaceID == "NORTHCLINIC")
        #expect(event.patient == patient)
        #expect(event.notes == ["Wheelchair access\nneeds interpreter", "50% deposit | paid"])
        #expect(event.fillerStatus?.code == trigger.fillerStatus.code)
    }

    @Test func siuLayoutFollowsTheVersion() throws {
        let v23 = try F.parse(appointment(.booked).siuMessage(header: header("2.3")))
        #expect(v23["MSH", 9].raw == "SIU^S12")
        #expect(v23.segment("TQ1") == nil)
        #expect(v23["SCH", 11].raw == "^^M25^20210930141500+0100^20210930144000+0100")
        #expect(try F.schedule(v23.encoded).startSource?.segment == "SCH")

        let v28 = try F.parse(appointment(.booked).siuMessage(header: header("2.8")))
        #expect(v28["SCH", 11].isEmpty)
        #expect(v28["SCH", 9].isEmpty)
        #expect(v28["TQ1", 7].text() == "20210930141500+0100")
        let event = try F.schedule(v28.encoded)
        #expect(event.startSource == HL7ErrorLocation(segment: "TQ1", field: 7))
        #expect(event.duration == 1_500)
    }

    @Test func oddDurationsAreWrittenInSeconds() throws {
        var odd = appointment(.booked)
        odd.duration = 90
        let message = try F.parse(odd.siuMessage(header: header("2.4")))
        #expect(message["SCH", 9].text() == "90")
        #expect(message["SCH", 10].text() == "s")
        #expect(message["SCH", 11].text(component: 3) == "S90")
        #expect(try F.schedule(message.encoded).duration == 90)
    }

    @Test func adtRegistrationRoundTrips() throws {
        let outgoing = HL7OutgoingPatient(demographics: patient, visitNumber: HL7Identifier(id: "V-1"),
                                          attendingDoctor: HL7Provider(id: "D17", name: HL7PersonName(family: "Varga")),
                                          assignedLocation: HL7Location(pointOfCare: "GP"))
        let text = outgoing.adtMessage(.registered, header: header("2.5"))
        let message = try F.parse(text)
        #expect(message.segments.map(\.name) == ["MSH", "EVN", "PID", "PV1"])
        #expect(message["MSH", 9].raw == "ADT^A04^ADT_A01")
        #expect(message["EVN", 1].text() == "A04")
        let event = try F.patient(text)
        #expect(event.action == .register)
        #expect(event.patient == patient)
        #expect(event.patientClass == "O")
        #expect(event.visitNumber?.id == "V-1")
        #expect(event.attendingDoctor?.id == "D17")
        #expect(event.recordedAt?.date == F.date("20210924120000"))
    }

    @Test func adtUpdateSendsExplicitNullsForClearedFields() throws {
        var cleared = patient
        cleared.homePhones = .null
        cleared.address = .null
        cleared.sex = .empty
        let text = HL7OutgoingPatient(demographics: cleared).adtMessage(.updated, header: header("2.7"))
        let message = try F.parse(text)
        #expect(message["PID", 13].raw == "\"\"")
        #expect(message["PID", 11].raw == "\"\"")
        #expect(message["PID", 8].raw == "")
        #expect(message["EVN", 1].isEmpty)
        let event = try F.patient(text)
        #expect(event.action == .update)
        #expect(event.patient.homePhones == .null)
        #expect(event.patient.address == .null)
        #expect(event.patient.sex == .empty)
    }

    @Test func customSeparatorsAreHonouredWhenBuilding() throws {
        var custom = header()
        custom.separators = HL7Separators(field: 0x23, component: 0x24, repetition: 0x2A, escape: 0x40, subComponent: 0x21)
        let text = appointment(.booked).siuMessage(header: custom)
        #expect(text.hasPrefix("MSH#$*@!#FRONTDESK#DESK#"))
        #expect(try F.schedule(text).patient == patient)
    }
}
