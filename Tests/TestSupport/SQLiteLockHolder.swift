import Foundation

/// A real second process (the sqlite3 shell) holding the write lock until released.
public final class SQLiteLockHolder {
    let process: Process
    let input: Pipe
    private var released = false
    init(process: Process, input: Pipe) { self.process = process; self.input = input }
    public func release() {
        guard !released else { return }
        released = true
        input.fileHandleForWriting.write(Data("COMMIT;\n.quit\n".utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

public func sqlite3Holding(_ path: String) throws -> SQLiteLockHolder {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    p.arguments = [path]
    let input = Pipe(), output = Pipe()
    p.standardInput = input
    p.standardOutput = output
    try p.run()
    input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 'held';\n".utf8))
    // Wait until the shell says it holds the lock (no sleeping on a guess).
    var seen = Data()
    while !String(decoding: seen, as: UTF8.self).contains("held") {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        seen += chunk
    }
    return SQLiteLockHolder(process: p, input: input)
}
