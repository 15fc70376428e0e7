import Foundation

/// The MSH of a message FrontDesk sends: who we are, who it is for, and the
/// injected control id and time, so a built message is reproducible in a test.
public struct HL7OutgoingHeader: Sendable, Equatable {
    public var sendingApplication: String
    public var sendingFacility: String?
    public var receivingApplication: String?
    public var receivingFacility: String?
    /// MSH-12. The builders write the v2.5 layout (SCH-11 and TQ1 both) for 2.5 and 2.6,
    /// TQ1 only from 2.7, and SCH-11 only before 2.5.
    public var version: String
    public var processingID: String
    public var controlID: String
    public var timestamp: Date
    /// The zone every timestamp in the message is written in, with its offset.
    public var timeZone: TimeZone
    public var separators: HL7Separators

    public init(sendingApplication: String = "FRONTDESK", sendingFacility: String? = nil,
                receivingApplication: String? = nil, receivingFacility: String? = nil, version: String = "2.5.1",
                processingID: String = "P", controlID: String, timestamp: Date, timeZone: TimeZone,
                separators: HL7Separators = .standard) {
        self.sendingApplication = sendingApplication
        self.sendingFacility = sendingFacility
        self.receivingApplication = receivingApplication
        self.receivingFacility = receivingFacility
        self.version = version
        self.processingID = processingID
        self.controlID = controlID
        self.timestamp = timestamp
        self.timeZone = timeZone
        self.separators = separators
    }

    var parsedVersion: HL7Version { HL7Version(version) ?? .v2_5_1 }
    var encoder: HL7Encoder { HL7Encoder(separators: separators) }

    /// `type^trigger^structure`; the structure component exists from v2.3.1 on.
    func mshSegment(type: String, trigger: String, structure: String) -> HL7SegmentWriter {
        let encoder = self.encoder
        var msh = HL7SegmentWriter("MSH")
        msh[3] = encoder.leaf(sendingApplication)
        msh[4] = encoder.leaf(sendingFacility)
        msh[5] = encoder.leaf(receivingApplication)
        msh[6] = encoder.leaf(receivingFacility)
        msh[7] = timestampText(timestamp)
        msh[9] = encoder.components([type, trigger, parsedVersion >= .v2_3_1 ? structure : nil])
        msh[10] = encoder.leaf(controlID)
        msh[11] = encoder.leaf(processingID)
        msh[12] = encoder.leaf(version)
        // The bytes on the wire are UTF-8 whatever the content; say so.
        msh[18] = "UNICODE UTF-8"
        return msh
    }

    func timestampText(_ date: Date, precision: HL7Timestamp.Precision = .second) -> String {
        HL7Timestamp(date: date, timeZone: timeZone, precision: precision).text
    }
}
