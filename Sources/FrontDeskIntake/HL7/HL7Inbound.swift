import Foundation

/// Why a frame was answered without being read as a message.
public enum MLLPFrameProblem: Sendable, Equatable, CustomStringConvertible {
    case tooLarge(limit: Int)
    case interrupted

    public var description: String {
        switch self {
        case .tooLarge(let limit): "frame over \(limit) bytes refused unread"
        case .interrupted: "frame interrupted: a new start block arrived before its end block"
        }
    }
}

/// One frame as it arrived on a connection, ready to be answered.
public struct HL7Inbound: Sendable {
    public enum Content: Sendable {
        case message(HL7Message)
        case unparseable(HL7ParseError)
        /// Not read as a message; `header` is its MSH when the kept prefix held a whole one.
        case refused(MLLPFrameProblem, header: HL7MessageHeader?)
    }

    public var content: Content
    /// The frame's text (UTF-8, else ISO-8859-1); nil for a refused frame.
    public var text: String?
    /// The remote address, `host:port`.
    public var peer: String
    public var receivedAt: Date

    public init(content: Content, text: String?, peer: String, receivedAt: Date) {
        self.content = content
        self.text = text
        self.peer = peer
        self.receivedAt = receivedAt
    }

    /// Reads a decoder event: parses complete frames, recovers the header of refused ones.
    public init(_ event: MLLPDecoder.Event, peer: String, parser: HL7Parser, receivedAt: Date) {
        switch event {
        case .frame(let bytes):
            let text = HL7TextDecoding.string(from: bytes)
            let content: Content
            do {
                content = .message(try parser.parse(text))
            } catch {
                content = .unparseable(error)
            }
            self.init(content: content, text: text, peer: peer, receivedAt: receivedAt)
        case .tooLarge(let prefix, let limit):
            let header = parser.readHeader(HL7TextDecoding.string(from: prefix), requireTerminator: true)
            self.init(content: .refused(.tooLarge(limit: limit), header: header), text: nil, peer: peer,
                      receivedAt: receivedAt)
        case .interrupted(let prefix):
            let header = parser.readHeader(HL7TextDecoding.string(from: prefix), requireTerminator: true)
            self.init(content: .refused(.interrupted, header: header), text: nil, peer: peer, receivedAt: receivedAt)
        }
    }
}

/// Turns an inbound frame into its ACK: parse problems, refusals and content
/// errors are answered here; a good message is handed to `apply` and gets AA
/// only when `apply` returns.
public struct HL7Responder: Sendable {
    public var interpreter: HL7Interpreter
    public var acknowledgments: HL7AcknowledgmentBuilder

    public init(interpreter: HL7Interpreter, acknowledgments: HL7AcknowledgmentBuilder) {
        self.interpreter = interpreter
        self.acknowledgments = acknowledgments
    }

    /// `apply` must have made the event durable (committed) before it returns:
    /// the AA tells the sender it may forget the message. An `HL7ContentError` it
    /// throws is sent as is; any other error becomes AE 207.
    public func respond(to inbound: HL7Inbound, apply: (HL7Event, HL7Message) throws -> Void) -> String {
        switch inbound.content {
        case .message(let message):
            return respond(to: message, apply: apply)
        case .unparseable(let failure):
            return acknowledgments.acknowledgment(answering: failure.header, code: .error, error: failure.detail)
        case .refused(let problem, let header):
            let detail = HL7ErrorDetail(code: .applicationInternalError, location: nil, message: problem.description)
            return acknowledgments.acknowledgment(answering: header, code: .reject, error: detail)
        }
    }

    public func respond(to message: HL7Message, apply: (HL7Event, HL7Message) throws -> Void) -> String {
        do {
            let event = try interpreter.interpret(message)
            try apply(event, message)
            return acknowledgments.acknowledgment(answering: message.header, code: .accept)
        } catch let refusal as HL7ContentError {
            return acknowledgments.acknowledgment(answering: message.header, code: refusal.acknowledgment,
                                                  error: refusal.detail)
        } catch {
            let detail = HL7ErrorDetail(code: .applicationInternalError, location: nil,
                                        message: "could not apply the message: \(error)")
            return acknowledgments.acknowledgment(answering: message.header, code: .error, error: detail)
        }
    }
}
