import Foundation

/// MLLP block markers: `<VT> message <FS><CR>`.
public enum MLLP {
    public static let startBlock: UInt8 = 0x0B
    public static let endBlock: UInt8 = 0x1C
    public static let carriageReturn: UInt8 = 0x0D
}

/// Finds MLLP frames in a byte stream, whatever the reads' boundaries.
///
/// Feed it every chunk read from a connection; it returns the frames completed
/// so far. Memory is bounded by `maxFrameBytes`: a frame that grows past it is
/// dropped at once and the rest of it is only counted, never buffered, until its
/// end block; then `.tooLarge` reports it. Bytes outside frames are counted and dropped.
public struct MLLPDecoder: Sendable {
    public enum Event: Sendable, Equatable {
        /// A complete frame's content (without the block markers).
        case frame([UInt8])
        /// A frame larger than the limit, now ended. `prefix` is its first bytes,
        /// kept so the ACK can still name the message's MSH-10.
        case tooLarge(prefix: [UInt8], limit: Int)
        /// A start block arrived inside a frame: the unfinished frame is dropped.
        case interrupted(prefix: [UInt8])
    }

    private enum State: Sendable {
        case betweenFrames, inFrame, afterEndBlock, oversize, oversizeAfterEndBlock
    }

    /// Enough for any MSH segment, which is all a refused frame needs.
    public static let headerPrefixBytes = 4_096

    public let maxFrameBytes: Int
    private var state = State.betweenFrames
    private var buffer: [UInt8] = []
    private var oversizePrefix: [UInt8] = []
    /// Bytes seen outside any frame (noise before a start block, stray bytes between frames).
    public private(set) var discardedBytes = 0
    /// Bytes of oversize frames that were counted and not kept.
    public private(set) var skippedOversizeBytes = 0
    /// The largest the frame buffer ever got; never more than `maxFrameBytes`.
    public private(set) var peakBufferedBytes = 0

    public init(maxFrameBytes: Int = 1 << 20) {
        self.maxFrameBytes = max(1, maxFrameBytes)
    }

    /// True between a start block and its end: a peer that stops here has stalled mid-frame.
    public var isInsideFrame: Bool { state != .betweenFrames }
    public var bufferedByteCount: Int { buffer.count }
    /// True when the last byte was an end block not yet followed by CR.
    public var isAwaitingFinalCarriageReturn: Bool { state == .afterEndBlock || state == .oversizeAfterEndBlock }

    public mutating func feed<Bytes: Collection>(_ bytes: Bytes) -> [Event] where Bytes.Element == UInt8 {
        let input = Array(bytes)
        var events: [Event] = []
        var index = 0
        while index < input.count {
            if state == .inFrame || state == .oversize {
                // Copy or skip ordinary content in one step; only markers need a decision.
                let stop = input[index...].firstIndex { $0 == MLLP.endBlock || $0 == MLLP.startBlock } ?? input.count
                if stop > index {
                    absorb(input[index..<stop])
                    index = stop
                    continue
                }
            }
            step(input[index], into: &events)
            index += 1
        }
        return events
    }

    /// Some senders end a frame with the end block alone. When the line goes quiet
    /// after one, the listener calls this to accept the frame without the CR.
    public mutating func finishFrameAwaitingCarriageReturn() -> [Event] {
        var events: [Event] = []
        if isAwaitingFinalCarriageReturn { closeFrame(into: &events) }
        return events
    }

    private mutating func absorb(_ content: ArraySlice<UInt8>) {
        if state == .oversize {
            skippedOversizeBytes += content.count
            return
        }
        let room = maxFrameBytes - buffer.count
        if content.count <= room {
            buffer.append(contentsOf: content)
            peakBufferedBytes = max(peakBufferedBytes, buffer.count)
            return
        }
        buffer.append(contentsOf: content.prefix(room))
        peakBufferedBytes = max(peakBufferedBytes, buffer.count)
        oversizePrefix = Array(buffer.prefix(Self.headerPrefixBytes))
        skippedOversizeBytes += buffer.count - oversizePrefix.count + content.count - room
        buffer = []
        state = .oversize
    }

    private mutating func step(_ byte: UInt8, into events: inout [Event]) {
        switch state {
        case .betweenFrames:
            if byte == MLLP.startBlock { startFrame() } else { discardedBytes += 1 }
        case .inFrame, .oversize:
            if byte == MLLP.endBlock {
                state = state == .inFrame ? .afterEndBlock : .oversizeAfterEndBlock
            } else if byte == MLLP.startBlock {
                let prefix = state == .inFrame ? Array(buffer.prefix(Self.headerPrefixBytes)) : oversizePrefix
                events.append(.interrupted(prefix: prefix))
                startFrame()
            } else {
                absorb([byte][...])
            }
        case .afterEndBlock, .oversizeAfterEndBlock:
            closeFrame(into: &events)
            // An end block without its CR still ends the frame; the byte then belongs to what follows.
            if byte != MLLP.carriageReturn { step(byte, into: &events) }
        }
    }

    private mutating func startFrame() {
        buffer = []
        oversizePrefix = []
        state = .inFrame
    }

    private mutating func closeFrame(into events: inout [Event]) {
        if state == .oversizeAfterEndBlock {
            events.append(.tooLarge(prefix: oversizePrefix, limit: maxFrameBytes))
        } else {
            events.append(.frame(buffer))
        }
        buffer = []
        oversizePrefix = []
        state = .betweenFrames
    }
}

/// Wraps message text in MLLP block markers, as UTF-8.
public enum MLLPEncoder {
    public static func frame(_ text: String) -> [UInt8] {
        [MLLP.startBlock] + Array(text.utf8) + [MLLP.endBlock, MLLP.carriageReturn]
    }
}
