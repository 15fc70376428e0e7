import Foundation
import TextSafety

/// A room's name as the clinic writes it — "Room 2", "Exam 3", "Lab" — and shows it whole.
/// A bare number is a room number: "2" and "room 2" are "Room 2", so the lobby board never
/// reads "Room Room 2" and two spellings can never be two rooms.
public enum RoomName {
    public static let maxLength = 40

    /// The name a room is kept and shown under, or why `raw` cannot name a room.
    public static func normalized(_ raw: String) throws(VisitMoveRefusal) -> String {
        if raw.unicodeScalars.contains(where: InertText.isHostile) {
            throw .badRoom("a room name cannot contain control or invisible characters")
        }
        let words = raw.split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty else { throw .badRoom("type a room name or pick one") }
        var name = words.joined(separator: " ")
        if name.count > maxLength { throw .badRoom("a room name is at most \(maxLength) characters") }
        if words.count == 1, words[0].first?.isNumber == true { name = "Room " + name }
        if words.count > 1, words[0].lowercased() == "room" { name = "Room " + words.dropFirst().joined(separator: " ") }
        return name
    }

    /// How a stored room reads (rows written before names were normalized may hold "2").
    public static func label(_ stored: String) -> String { (try? normalized(stored)) ?? stored }

    /// What two spellings of one room share ("ROOM 2", "Room 2", "2").
    public static func key(_ name: String) -> String { label(name).lowercased() }

    /// Rooms in the order people count them: "Room 2" before "Room 10".
    public static func sorted(_ names: [String]) -> [String] {
        names.sorted { $0.localizedStandardCompare($1) == .orderedAscending }
    }
}

/// A room holds one patient, from being roomed until they leave it (seen out, sent to
/// checkout, gone without being seen). One rule, read by the desk's room picker and applied
/// by the store inside the rooming transaction.
public enum RoomOccupancy {
    /// Whether `visit` is in its room now.
    public static func holdsRoom(_ visit: Visit) -> Bool {
        visit.room != nil && (visit.status == .roomed || visit.status == .withProvider)
    }

    /// The visit in `room` now, if any.
    public static func holder(of room: String, among visits: [Visit]) -> Visit? {
        let key = RoomName.key(room)
        return visits.first { holdsRoom($0) && RoomName.key($0.room!) == key }
    }

    /// The clinic's rooms with whoever is in each, in counting order; a room someone was put
    /// in that the list lacks is listed too, so a taken room never looks free.
    public static func rooms(_ names: [String], visits: [Visit]) -> [(name: String, holder: Visit?)] {
        var seen = Set<String>(), all: [String] = []
        for n in names.map(RoomName.label) + visits.filter(holdsRoom).map({ RoomName.label($0.room!) })
            where seen.insert(RoomName.key(n)).inserted { all.append(n) }
        return RoomName.sorted(all).map { ($0, holder(of: $0, among: visits)) }
    }
}
