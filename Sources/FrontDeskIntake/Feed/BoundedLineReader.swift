import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads newline-terminated lines from a file descriptor without ever holding more than
/// `maxLineBytes` of one line: a longer line is skipped to its end and reported as too
/// long, so one hostile 2 GB line cannot exhaust memory.
public struct BoundedLineReader {
    public enum Line: Equatable {
        case text(Data, number: Int)
        case tooLong(number: Int, bytes: Int)
    }

    public static let defaultLimit = 64 * 1024

    private let fd: Int32
    private let limit: Int
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var start = 0, end = 0
    private var eof = false
    private var lineNumber = 0

    public init(fileDescriptor: Int32, maxLineBytes: Int = BoundedLineReader.defaultLimit) {
        fd = fileDescriptor; limit = maxLineBytes
    }

    /// The next line (without its newline or a trailing CR), or nil at end of input.
    public mutating func next() -> Line? {
        var current = Data()
        var overflow = 0   // bytes seen beyond the limit: counted, not kept
        while true {
            if start == end {
                if eof || !fill() {
                    if current.isEmpty && overflow == 0 { return nil }
                    return finish(current, overflow)   // a last line without a newline
                }
            }
            let chunk = buffer[start..<end]
            if let nl = chunk.firstIndex(of: 10) {
                append(chunk[start..<nl], to: &current, overflow: &overflow)
                start = nl + 1
                return finish(current, overflow)
            }
            append(chunk, to: &current, overflow: &overflow)
            start = end
        }
    }

    private func append(_ bytes: ArraySlice<UInt8>, to current: inout Data, overflow: inout Int) {
        if overflow > 0 || current.count + bytes.count > limit {
            overflow += bytes.count + (overflow == 0 ? current.count : 0)
            current.removeAll(keepingCapacity: false)
        } else {
            current.append(contentsOf: bytes)
        }
    }

    private mutating func finish(_ current: Data, _ overflow: Int) -> Line {
        lineNumber += 1
        if overflow > 0 { return .tooLong(number: lineNumber, bytes: overflow) }
        var line = current
        if line.last == 13 { line.removeLast() }
        return .text(line, number: lineNumber)
    }

    private mutating func fill() -> Bool {
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { eof = true; return false }
            start = 0; end = n
            return true
        }
    }
}
