import Foundation

/// Builds the ACK for a received message (original acknowledgment mode).
///
/// MSH swaps sender and receiver, takes a fresh control id and the incoming
/// version (2.5 when there is none), and says `ACK^<trigger>^ACK`. MSA-2 echoes
/// MSH-10. An AE or AR carries one ERR segment, laid out for the version:
/// v2.5+ uses ERR-2 location, ERR-3 code, ERR-4 severity, ERR-8 user message;
/// v2.3 and v2.4 put location and code in ERR-1 and the text in MSA-3 as well.
/// The incoming delimiters are reused, because some receivers only ever parse their own.
public struct HL7AcknowledgmentBuilder: Sendable {
    /// Our MSH-3/MSH-4 when the incoming message did not name its receiver.
    public var localApplication: String
    public var localFacility: String?
    /// The zone MSH-7 is written in.
    public var timeZone: TimeZone
    public var now: @Sendable () -> Date
    public var makeControlID: @Sendable () -> String
    public var defaultVersion: String

    public init(localApplication: String = "FRONTDESK", localFacility: String? = nil, timeZone: TimeZone = .current,
                now: @escaping @Sendable () -> Date = { Date() },
                makeControlID: @escaping @Sendable () -> String = { UUID().uuidString },
                defaultVersion: String = "2.5") {
        self.localApplication = localApplication
        self.localFacility = localFacility
        self.timeZone = timeZone
        self.now = now
        self.makeControlID = makeControlID
        self.defaultVersion = defaultVersion
    }

    /// The ACK text for `header` (nil when not even MSH could be read).
    public func acknowledgment(answering header: HL7MessageHeader?, code: HL7AckCode,
                               error: HL7ErrorDetail? = nil) -> String {
        let separators = header?.separators.withoutTruncation ?? .standard
        let encoder = HL7Encoder(separators: separators)
        let versionText = header?.versionText ?? defaultVersion
        let version = HL7Version(versionText) ?? .v2_5
        let incoming = header?.segment
        func echo(_ n: Int, else fallback: String?) -> String {
            let raw = incoming?.field(n).raw ?? ""
            return raw.isEmpty ? encoder.leaf(fallback) : raw
        }

        var msh = HL7SegmentWriter("MSH")
        msh[3] = echo(5, else: localApplication)
        msh[4] = echo(6, else: localFacility)
        msh[5] = incoming?.field(3).raw ?? ""
        msh[6] = incoming?.field(4).raw ?? ""
        msh[7] = HL7Timestamp(date: now(), timeZone: timeZone).text
        let structure = version >= .v2_3_1 ? "ACK" : nil
        msh[9] = encoder.components(["ACK", header?.triggerEvent, header?.triggerEvent == nil ? nil : structure])
        msh[10] = encoder.leaf(makeControlID())
        msh[11] = echo(11, else: "P")
        msh[12] = encoder.leaf(versionText)

        var msa = HL7SegmentWriter("MSA")
        msa[1] = code.rawValue
        msa[2] = encoder.leaf(header?.controlID)
        var segments = [msh, msa]
        if let error, code != .accept {
            if version >= .v2_5 {
                segments.append(errSegment(error, encoder: encoder))
            } else {
                segments[1][3] = encoder.leaf(error.message)
                segments.append(legacyErrSegment(error, encoder: encoder))
            }
        }
        return HL7SegmentWriter.message(segments, separators: separators)
    }

    /// v2.5+: ERR-2 ERL, ERR-3 CWE from table 0357, ERR-4 severity E, ERR-8 user message.
    private func errSegment(_ error: HL7ErrorDetail, encoder: HL7Encoder) -> HL7SegmentWriter {
        var err = HL7SegmentWriter("ERR")
        if let location = error.location {
            let repetition = location.component == nil ? location.repetition : (location.repetition ?? 1)
            err[2] = encoder.components([location.segment, String(location.sequence), location.field.map(String.init),
                                         repetition.map(String.init), location.component.map(String.init),
                                         location.subComponent.map(String.init)])
        }
        err[3] = encoder.components([String(error.code.rawValue), error.code.text, "HL70357"])
        err[4] = "E"
        err[8] = encoder.leaf(error.message)
        return err
    }

    /// v2.3/v2.4: ERR-1 ELD, segment ^ sequence ^ field ^ code&text&HL70357, the
    /// reason as the code's text so older receivers show it.
    private func legacyErrSegment(_ error: HL7ErrorDetail, encoder: HL7Encoder) -> HL7SegmentWriter {
        var err = HL7SegmentWriter("ERR")
        let location = error.location
        let code = encoder.subComponents([String(error.code.rawValue), error.message, "HL70357"])
        err[1] = encoder.composite([encoder.leaf(location?.segment), encoder.leaf(location.map { String($0.sequence) }),
                                    encoder.leaf(location?.field.map(String.init)), code])
        return err
    }
}
