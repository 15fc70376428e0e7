import Foundation

/// Rows whose names look alike (one patient booked three times, two people with one name)
/// must be told apart at a glance. Over any list of rows, each row whose name collides with
/// another's gets what tells them apart: the birth year when that separates the people, else
/// the end of the MRN — which also shows, by being the same, that rows are one person's.
public enum NameCollisions {
    /// The shortest MRN tail shown.
    static let minimumTail = 3

    /// What tells a row apart, in two lengths: "b.1980" or "MRN …120" where there is room,
    /// "1980" or "…120" beside a name in a narrow column.
    public struct Tag: Equatable, Hashable, Sendable, CustomStringConvertible {
        public let full: String
        public let short: String
        public var description: String { full }
    }

    /// One tag per row, in order; nil for a row whose name no other row shares (or with no record).
    public static func tags(_ rows: [Patient?]) -> [Tag?] {
        var groups: [String: [Int]] = [:]
        for (i, p) in rows.enumerated() {
            guard let p else { continue }
            groups[key(p), default: []].append(i)
        }
        var tags = [Tag?](repeating: nil, count: rows.count)
        for indices in groups.values where indices.count > 1 {
            var people: [Int64: Patient] = [:]
            for i in indices { people[rows[i]!.id] = rows[i]! }
            let tagOf = tagging(Array(people.values))
            for i in indices { tags[i] = tagOf[rows[i]!.id] }
        }
        return tags
    }

    /// Names that read the same: case, accents and spacing aside.
    static func key(_ p: Patient) -> String {
        PatientSearch.fold(p.displayName).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Birth years when every person of the group has one and no two share it; else the MRN
    /// tails, as short as keeps them apart.
    static func tagging(_ people: [Patient]) -> [Int64: Tag] {
        let years = people.map { $0.dateOfBirth.map { String($0.prefix(4)) } }
        if people.count > 1, !years.contains(nil), Set(years).count == people.count {
            return Dictionary(uniqueKeysWithValues: zip(people.map(\.id), years.map { Tag(full: "b.\($0!)", short: $0!) }))
        }
        let longest = people.map(\.mrn.count).max() ?? 0
        var n = minimumTail
        while n < longest, Set(people.map { $0.mrn.suffix(n) }).count < people.count { n += 1 }
        return Dictionary(uniqueKeysWithValues: people.map { p in
            let tail = p.mrn.count <= n + 1 ? p.mrn : "…\(p.mrn.suffix(n))"
            return (p.id, Tag(full: "MRN \(tail)", short: tail))
        })
    }
}
