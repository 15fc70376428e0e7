import Foundation
import Testing
@testable import FrontDeskIntake

@Suite("SIU messages to schedule events")
struct HL7ScheduleEventTests {
    typealias F = HL7Fixture

    @Test func sparseVersion23BookingReadsTimingFromSCH11() throws {
        let event = try F.schedule(F.sparseBooking)
        #expect(event.trigger == .booked)
        #expect(event.placerID?.id == "PL-77")
        #expect(event.fillerID.id == "FL-9001")
        #expect(event.start?.date == F.date("202109241000"))
        #expect(event.startSource == HL7ErrorLocation(segment: "SCH", field: 11, component: 4))
        #expect(event.duration == TimeInterval(30 * 60))
        #expect(event.durationSource == HL7ErrorLocation(segment: "SCH", field: 11, component: 3))
        #expect(event.appointmentType?.code == "ROUTINE")
        #expect(event.provider?.id == "D17")
        #expect(event.provider?.name?.family == "Varga")
        #expect(event.provider?.displayName == "Ilona Varga")
        #expect(event.location == nil)
        #expect(event.patient?.identifiers == [HL7Identifier(id: "4711", assigningAuthority: .init(namespaceID: "NCL"),
                                                             typeCode: "MR")])
        #expect(event.patient?.name.value?.given == "Chidi")
        #expect(event.patient?.birthDate.value?.text == "19800315")
        #expect(event.patient?.sex == .value("M"))
        #expect(event.patient?.phone == "(555)010-2233")
        #expect(event.fillerStatus?.code == "Booked")
        #expect(event.end == F.date("202109241030"))
    }

    @Test func richVersion251BookingReadsTQ1AndTheResourceSegments() throws {
        let event = try F.schedule(F.richBooking)
        #expect(event.placerID == HL7EntityIdentifier(id: "PL-88", namespaceID: "ORDERS"))
        #expect(event.fillerID == HL7EntityIdentifier(id: "FL-5150", namespaceID: "SCHEDPRO",
                                                      universalID: "1.2.826.0.1.9", universalIDType: "ISO"))
        #expect(event.startSource == HL7ErrorLocation(segment: "TQ1", field: 7))
        #expect(event.start?.date == F.date("20210924133000"))
        #expect(event.start?.utcOffsetMinutes == 120)
        // TQ1-8 end − TQ1-7 start wins over AIS-7's 45 minutes, which comes later in the order.
        #expect(event.duration == TimeInterval(45 * 60))
        #expect(event.durationSource == HL7ErrorLocation(segment: "TQ1", field: 8))
        #expect(event.service?.code == "CONSULT")
        #expect(event.appointmentType?.code == "CONSULT")
        #expect(event.reason?.text == "Follow-up visit")
        #expect(event.type?.code == "NORMAL")
        let provider = try #require(event.provider)
        #expect(provider.id == "D42")
        #expect(provider.name == HL7PersonName(family: "Nguyen", given: "Thi", middle: "B", prefix: "Dr"))
        #expect(provider.assigningAuthority?.universalID == "1.2.826.0.1.5")
        #expect(event.location?.pointOfCare == "ROOM3")
        #expect(event.location?.facility?.namespaceID == "NORTHCLINIC")
        #expect(event.location?.description == "Room three")
        let patient = try #require(event.patient)
        #expect(patient.identifiers.map(\.id) == ["556677", "7561234567897"])
        #expect(patient.identifiers[1].assigningAuthority?.namespaceID == "CHE-AHV")
        #expect(patient.name.value?.family == "Meier-Lüthi")
        #expect(patient.name.value?.middle == "Katharina")
        #expect(patient.birthDate.value.map { [$0.year, $0.month, $0.day] } == [1992, 2, 29])
        #expect(patient.homePhones.value?.first?.number == "+41 44 5550101")
        #expect(patient.homePhones.value?.last?.email == "anna@example.org")
        #expect(event.notes == ["Bring the referral letter\nand the insurance card", "Consultation room prepared"])
    }

    @Test func version28MessageWithoutSCH11UsesTQ1OccurrenceDuration() throws {
        let text = F.message(
            F.msh("SIU^S13^SIU_S12", control: "V28-1", version: "2.8.2"),
            F.segment("SCH", [2: "FL-1^SCHEDPRO", 6: "MOVE", 25: "Booked"]),
            F.segment("TQ1", [1: "1", 7: "20211001081500", 13: "1.5^h&hours&UCUM"]),
            F.segment("RGS", [1: "1"]),
            F.segment("AIS", [1: "1", 3: "XRAY^Chest X-ray"]))
        let event = try F.schedule(text)
        #expect(event.trigger == .rescheduled)
        #expect(event.start?.date == F.date("202110010815"))
        #expect(event.duration == TimeInterval(90 * 60))
        #expect(event.durationSource == HL7ErrorLocation(segment: "TQ1", field: 13))
    }

    @Test func resourceOnlyTimingFallsBackToAISThenAIP() throws {
        let viaAIS = F.message(
            F.msh("SIU^S12", control: "R-1", version: "2.4"),
            F.segment("SCH", [2: "FL-2"]),
            F.segment("RGS", [1: "1"]),
            F.segment("AIS", [1: "1", 3: "VAX", 4: "202110040900", 7: "20", 8: "MIN"]))
        let ais = try F.schedule(viaAIS)
        #expect(ais.startSource == HL7ErrorLocation(segment: "AIS", field: 4))
        #expect(ais.duration == TimeInterval(20 * 60))
        #expect(ais.durationSource == HL7ErrorLocation(segment: "AIS", field: 7))

        let viaAIP = F.message(
            F.msh("SIU^S12", control: "R-2", version: "2.4"),
            F.segment("SCH", [2: "FL-3"]),
            F.segment("RGS", [1: "1"]),
            F.segment("AIP", [1: "1", 3: "D5^Ito^Ken", 6: "202110041100", 9: "1", 10: "hr"]))
        let aip = try F.schedule(viaAIP)
        #expect(aip.start?.date == F.date("202110041100"))
        #expect(aip.startSource == HL7ErrorLocation(segment: "AIP", field: 6))
        #expect(aip.duration == 3_600)
    }

    @Test func sch11TakesPrecedenceOverTQ1WhenBothAreFilled() throws {
        let text = F.message(
            F.msh("SIU^S14", control: "P-1", version: "2.5"),
            F.segment("SCH", [2: "FL-4", 11: "^^M15^202110051000"]),
            F.segment("TQ1", [1: "1", 7: "202110051200", 8: "202110051300"]))
        let event = try F.schedule(text)
        #expect(event.start?.date == F.date("202110051000"))
        #expect(event.duration == TimeInterval(15 * 60))
    }

    @Test(arguments: [("30", "min", 1_800.0), ("30", "m", 1_800), ("30", "MIN", 1_800), ("90", "s", 90),
                      ("2", "h", 7_200), ("2", "hr", 7_200), ("1", "d", 86_400), ("45", "", 2_700)])
    func durationUnits(amount: String, unit: String, seconds: Double) throws {
        let text = F.message(
            F.msh("SIU^S12", control: "U-1", version: "2.5"),
            F.segment("SCH", [2: "FL-5", 9: amount, 10: unit, 11: "^^^202110061000"]))
        #expect(try F.schedule(text).duration == seconds)
    }

    @Test func segmentsInUnexpectedOrderAndZSegmentsAreFine() throws {
        let text = F.message(
            F.msh("SIU^S12", control: "O-1", version: "2.5"),
            F.segment("ZXY", [1: "first"]),
            F.segment("AIP", [1: "1", 3: "D8^Okoro^Ada"]),
            F.segment("PID", [1: "1", 3: "88^^^NCL"]),
            F.segment("SCH", [2: "FL-6", 11: "^^20^202110071400"]),
            F.segment("AIL", [1: "1", 3: "ROOM1"]))
        let event = try F.schedule(text)
        #expect(event.fillerID.id == "FL-6")
        #expect(event.provider?.id == "D8")
        #expect(event.location?.pointOfCare == "ROOM1")
        #expect(event.patient?.identifiers.first?.id == "88")
    }

    @Test func typeAndProviderFallbacks() throws {
        let text = F.message(
            F.msh("SIU^S12", control: "T-1", version: "2.5"),
            F.segment("SCH", [2: "FL-7", 8: "CHECKUP^Annual check-up", 11: "^^^202110081000"]),
            F.segment("AIG", [1: "1", 3: "TEAM-A^Physio team A"]))
        let event = try F.schedule(text)
        #expect(event.appointmentType?.code == "CHECKUP")
        #expect(event.provider == HL7Provider(id: "TEAM-A", text: "Physio team A"))

        let bookingStateOnly = F.message(
            F.msh("SIU^S12", control: "T-2", version: "2.5"),
            F.segment("SCH", [2: "FL-8", 8: "NORMAL", 11: "^^^202110081000"]),
            F.segment("PV1", [1: "1", 2: "O", 7: "D3^Lind^Eva"]))
        let fallback = try F.schedule(bookingStateOnly)
        #expect(fallback.appointmentType == nil)
        #expect(fallback.type?.code == "NORMAL")
        #expect(fallback.provider?.name?.family == "Lind")
    }

    @Test(arguments: [HL7ScheduleTrigger.cancelled, .deleted, .noShow, .modified])
    func triggersThatNeedNoStart(trigger: HL7ScheduleTrigger) throws {
        let text = F.message(F.msh("SIU^\(trigger.rawValue)", control: "C-1", version: "2.5"),
                             F.segment("SCH", [1: "PL-9", 2: "FL-9", 25: "Cancelled"]))
        let event = try F.schedule(text)
        #expect(event.trigger == trigger)
        #expect(event.start == nil)
    }

    @Test func contentErrorsNameTheSegmentAndField() throws {
        let head = { (version: String) in F.msh("SIU^S12", control: "E-1", version: version) }
        let noFiller = try #require(try F.contentError(F.message(head("2.5"), "SCH|PL-1||||||||30|min|^^^202110091000")))
        #expect(noFiller.acknowledgment == .error)
        #expect(noFiller.detail.code == .requiredFieldMissing)
        #expect(noFiller.detail.location == HL7ErrorLocation(segment: "SCH", sequence: 1, field: 2))
        #expect(noFiller.description == "SCH-2 filler appointment id is missing")

        let noStart = try #require(try F.contentError(F.message(head("2.5"), "SCH||FL-1")))
        #expect(noStart.detail.location == HL7ErrorLocation(segment: "SCH", field: 11, component: 4))
        let noStart27 = try #require(try F.contentError(F.message(head("2.7"), "SCH||FL-1")))
        #expect(noStart27.detail.location == HL7ErrorLocation(segment: "TQ1", field: 7))

        let noSCH = try #require(try F.contentError(F.message(head("2.5"), "PID|1||4711")))
        #expect(noSCH.detail.code == .segmentSequenceError)

        let badDate = try #require(try F.contentError(F.message(head("2.5"), "SCH||FL-1", "TQ1|1||||||20210230100000")))
        #expect(badDate.detail.code == .dataTypeError)
        #expect(badDate.detail.location == HL7ErrorLocation(segment: "TQ1", field: 7))

        let badUnit = try #require(try F.contentError(F.message(head("2.5"), "SCH||FL-1|||||||||^^^202110091000",
                                                                 "AIS|1||SVC||||3|fortnights")))
        #expect(badUnit.detail.code == .tableValueNotFound)
        #expect(badUnit.detail.location == HL7ErrorLocation(segment: "AIS", field: 8))

        let backwards = try #require(try F.contentError(F.message(head("2.5"), "SCH||FL-1",
                                                                   "TQ1|1||||||202110091000|202110090900")))
        #expect(backwards.detail.location == HL7ErrorLocation(segment: "TQ1", field: 8))
    }

    @Test(arguments: ["9e999", "-5", "thirty", "30x"])
    func malformedAmountsAreDataTypeErrors(amount: String) throws {
        let text = F.message(F.msh("SIU^S12", control: "A-1", version: "2.5"),
                             F.segment("SCH", [2: "FL-11", 9: amount, 10: "min", 11: "^^^202110101000"]))
        let error = try #require(try F.contentError(text))
        #expect(error.detail.code == .dataTypeError)
        #expect(error.detail.location == HL7ErrorLocation(segment: "SCH", field: 9))
    }

    @Test func junkInALaterTimingSourceDoesNotFailAClearMessage() throws {
        let text = F.message(F.msh("SIU^S12", control: "J-1", version: "2.5"),
                             F.segment("SCH", [2: "FL-10", 11: "^^M30^202110101000"]),
                             F.segment("AIS", [1: "1", 4: "not a date", 7: "many", 8: "eons"]))
        #expect(try F.schedule(text).duration == 1_800)
    }

    @Test func unsupportedKindsAreRejected() throws {
        let s99 = try #require(try F.contentError(F.message(F.msh("SIU^S99", control: "X-1", version: "2.5"), "SCH||F")))
        #expect(s99.acknowledgment == .reject)
        #expect(s99.detail.code == .unsupportedEventCode)
        let orm = try #require(try F.contentError(F.message(F.msh("ORM^O01", control: "X-2", version: "2.5"))))
        #expect(orm.acknowledgment == .reject)
        #expect(orm.detail.code == .unsupportedMessageType)
        let v22 = try #require(try F.contentError(F.message(F.msh("SIU^S12", control: "X-3", version: "2.2"), "SCH||F")))
        #expect(v22.acknowledgment == .reject)
        #expect(v22.detail.code == .unsupportedVersionID)
        let unreadable = try #require(try F.contentError(F.message(F.msh("SIU^S12", control: "X-4", version: "two"))))
        #expect(unreadable.detail.code == .unsupportedVersionID)
        let noType = try #require(try F.contentError(F.message(F.msh("", control: "X-5", version: "2.5"))))
        #expect(noType.acknowledgment == .error)
        #expect(noType.detail.code == .requiredFieldMissing)
    }
}
