import Foundation

/// The callbacks still open, by the number each is owed to. Built from tasks and the calls
/// they came from (a callback carries its call's id), so the store can build it inside a
/// transaction from the rows it reads and the simulator from its own state.
public struct OpenCallbacks: Sendable {
    public struct Owed: Equatable, Sendable {
        public var task: DeskTask
        public var number: String
    }
    public let owed: [Owed]

    public init<T: Sequence, C: Sequence>(tasks: T, calls: C) where T.Element == DeskTask, C.Element == Call {
        let numbers = Dictionary(calls.map { ($0.id, $0.from) }, uniquingKeysWith: { first, _ in first })
        owed = tasks.compactMap { task in
            guard task.kind == .callback, task.state.isOpen, let id = task.callID, let number = numbers[id] else { return nil }
            return Owed(task: task, number: number)
        }
    }

    public init(_ snapshot: ClinicSnapshot) { self.init(tasks: snapshot.tasks, calls: snapshot.calls) }

    /// The open callbacks owed to the line `number` rings from.
    public func owed(to number: String) -> [DeskTask] {
        owed.filter { CallerNumber.sameLine($0.number, number) }.map(\.task)
    }
}

/// Phone numbers as the desk compares them: by their digits, the last ten, when there are at
/// least seven; "555-0139" and "(617) 555-0139" are the same line (one ends with the other).
public enum CallerNumber {
    public static func key(_ number: String?) -> String? {
        guard let number else { return nil }
        let digits = number.unicodeScalars.filter { $0.isASCII && CharacterSet.decimalDigits.contains($0) }
        guard digits.count >= 7 else { return nil }
        return String(String.UnicodeScalarView(digits.suffix(10)))
    }

    public static func sameLine(_ a: String?, _ b: String?) -> Bool {
        guard let ka = key(a), let kb = key(b) else { return false }
        return ka.hasSuffix(kb) || kb.hasSuffix(ka)
    }
}

/// Callbacks are promises, one per caller. Pure rules over the open callbacks: each returns
/// what to create or close, for the store to write in the same transaction as the call event
/// (and for the simulator to apply the same way).
///
/// - A caller who hangs up is owed a callback, due within the window — unless one is already
///   open for that number: their promise stands, with the due time it already has.
/// - A caller who rings again is served by that call: when a desk answers it, their open
///   callbacks are closed as done. (Not when it rings: a caller who hangs up again keeps the
///   promise already made, rather than a fresh window.)
/// - A callback promised at the end of a call follows the same one-per-caller rule.
public enum CallbackRules {
    /// The callback an abandoned call leaves, or nil when the caller already has one open.
    public static func afterAbandon(_ call: Call, patientName: String?, open: OpenCallbacks,
                                    at now: Date, window: TimeInterval) -> DeskTask? {
        guard open.owed(to: call.from).isEmpty else { return nil }
        return NewTask.callback(for: call, patientName: patientName, reason: .abandoned, at: now, window: window)
    }

    /// The callback a desk promised at the end of `call`, or nil when one is already open.
    public static func afterPromise(_ call: Call, patientName: String?, note: String?, open: OpenCallbacks,
                                    at now: Date, window: TimeInterval) -> DeskTask? {
        guard open.owed(to: call.from).isEmpty else { return nil }
        return NewTask.callback(for: call, patientName: patientName, reason: .promised(note: note), at: now, window: window)
    }

    /// The caller's open callbacks that answering `call` at `desk` serves, closed as done.
    /// A callback another desk is working on right now stays theirs to finish.
    public static func servedByAnswering(_ call: Call, at desk: String, open: OpenCallbacks,
                                         rules: TaskLifecycle = TaskLifecycle()) -> [DeskTask] {
        open.owed(to: call.from).filter { $0.callID != call.id }.compactMap { try? rules.close($0, as: .done, by: desk) }
    }
}

/// What dialling a callback came to.
public enum CallbackResult: String, CaseIterable, Sendable, Codable {
    case reached
    case voicemail = "voicemail-left"
    case noAnswer = "no-answer"

    public var label: String {
        switch self {
        case .reached: return "reached them"
        case .voicemail: return "left a voicemail"
        case .noAnswer: return "no answer — try again later"
        }
    }
}

extension CallbackRules {
    /// How long after an unanswered try the callback comes due again.
    public static let retryAfter: TimeInterval = 15 * 60

    /// The callback after one try at `desk`: reached or a voicemail left closes it (the
    /// promise kept); no answer puts it back in the queue, due again in `retryAfter`, with
    /// the attempt counted — so the promise is not lost and not made anew.
    public static func afterAttempt(_ task: DeskTask, result: CallbackResult, at desk: String, now: Date,
                                    retryAfter: TimeInterval = retryAfter) throws(WorkRefusal) -> DeskTask {
        guard task.kind == .callback, task.state == .active, task.desk == desk else {
            throw .notActiveHere(task: task.id, desk: desk)
        }
        var next = task
        switch result {
        case .reached, .voicemail:
            next.state = .done
        case .noAnswer:
            next.state = .queued
            next.desk = nil
            next.attempts += 1
            next.dueAt = now.addingTimeInterval(retryAfter)
        }
        return next
    }
}
