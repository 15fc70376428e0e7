import Foundation

/// Finding a patient at the window: by name (tolerant of accents, case, "Last, First"
/// order and small typos), date of birth, phone or MRN — whatever the patient offers.
public enum PatientSearch {
    public enum QueryKind: Equatable, Sendable { case name, dateOfBirth, phone, mrn }

    /// What the receptionist typed, read as the kind of key it most likely is.
    public static func kind(of query: String) -> QueryKind {
        let q = query.trimmingCharacters(in: .whitespaces)
        if CivilDate(parsing: q) != nil { return .dateOfBirth }
        if q.uppercased().hasPrefix("MRN") { return .mrn }
        let digits = q.filter(\.isNumber)
        if digits.count >= 4, q.allSatisfy({ $0.isNumber || "+()-. ".contains($0) }) { return .phone }
        return .name
    }

    /// Best matches first (at most `limit`). Ties keep name order, so results are stable.
    public static func search(_ query: String, in patients: [Patient], limit: Int = 20) -> [Patient] {
        guard let q = PatientQuery(query) else { return [] }
        let scored = patients.compactMap { p in q.score(p).map { (p, $0) } }
        return scored.sorted { a, b in
            if a.1 != b.1 { return a.1 > b.1 }
            if a.0.displayName != b.0.displayName { return a.0.displayName < b.0.displayName }
            return a.0.id < b.0.id
        }.prefix(limit).map(\.0)
    }

    /// Folds case and accents: "Nguyễn" → "nguyen", "MÜLLER" → "muller".
    public static func fold(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    static func tokens(_ s: String) -> [String] {
        fold(s).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// How well query word `q` matches the best of `words`: exact 30, prefix 20, a small typo 10.
    static func best(_ q: String, _ words: [String]) -> Int? {
        var top: Int?
        for w in words {
            let s: Int?
            if w == q { s = 30 }
            else if w.hasPrefix(q) { s = 20 }
            else if q.count >= 4, editDistance(q, String(w.prefix(q.count + 1)), limit: q.count >= 8 ? 2 : 1) != nil
                        || editDistance(q, w, limit: q.count >= 8 ? 2 : 1) != nil { s = 10 }
            else { s = nil }
            if let s, s > (top ?? -1) { top = s }
        }
        return top
    }

    /// Damerau–Levenshtein distance (adjacent swaps count once), or nil when over `limit`.
    public static func editDistance(_ a: String, _ b: String, limit: Int) -> Int? {
        let x = Array(a), y = Array(b)
        if abs(x.count - y.count) > limit { return nil }
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) <= limit ? max(x.count, y.count) : nil }
        var d = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[x.count][y.count] <= limit ? d[x.count][y.count] : nil
    }
}

/// What was typed, read once and matched against many records. The Check-In form's search
/// (every patient of the clinic, through the store) and the Waiting Room's `/` (today's
/// visits) both match with this, so they find the same people.
public struct PatientQuery: Equatable, Sendable {
    public let text: String
    public let kind: PatientSearch.QueryKind
    private let dateOfBirth: String?
    private let mrn: String
    /// The MRN typed after an "MRN" label ("MRN M001"), if it was.
    private let mrnAfterLabel: String?
    private let phoneDigits: String
    /// "Last, First": the words before and after the comma; otherwise every word in `words`.
    private let family: [String]?
    private let given: [String]
    private let words: [String]

    /// Nil for a blank query (it matches nothing: nobody is found by typing nothing).
    public init?(_ raw: String) {
        let q = raw.trimmingCharacters(in: .whitespaces)
        guard !q.isEmpty else { return nil }
        text = q
        kind = PatientSearch.kind(of: q)
        dateOfBirth = CivilDate(parsing: q)?.iso
        mrn = q.uppercased().replacingOccurrences(of: " ", with: "")
        mrnAfterLabel = mrn.hasPrefix("MRN") && mrn.count > 3 ? String(mrn.dropFirst(3)) : nil
        phoneDigits = FieldValidation.phoneDigits(q)
        if let comma = q.firstIndex(of: ",") {
            family = PatientSearch.tokens(String(q[..<comma]))
            given = PatientSearch.tokens(String(q[q.index(after: comma)...]))
        } else {
            family = nil; given = []
        }
        words = PatientSearch.tokens(q)
    }

    /// How well `p` matches (higher is better), or nil when it does not.
    public func score(_ p: Patient) -> Int? {
        switch kind {
        case .dateOfBirth:
            return p.dateOfBirth == dateOfBirth ? 100 : nil
        case .mrn:
            return mrnScore(p)
        case .phone:
            guard let ph = p.phone.map(FieldValidation.phoneDigits), !ph.isEmpty else { return nil }
            return ph == phoneDigits ? 100 : (ph.hasSuffix(phoneDigits) ? 60 : nil)
        case .name:
            // One word with a digit in it may be an MRN typed bare ("M001").
            if words.count == 1, mrn.contains(where: \.isNumber), let s = mrnScore(p) { return s }
            return nameScore(p)
        }
    }

    public func matches(_ p: Patient) -> Bool { score(p) != nil }

    private func mrnScore(_ p: Patient) -> Int? {
        let m = p.mrn.uppercased()
        if m == mrn || m == mrnAfterLabel { return 100 }
        return m.hasPrefix(mrn) || mrnAfterLabel.map(m.hasPrefix) == true ? 50 : nil
    }

    /// "Last, First" puts the part before the comma on the family name; otherwise each query
    /// word may match any part of the name.
    private func nameScore(_ p: Patient) -> Int? {
        let familyWords = PatientSearch.tokens(p.familyName)
        let givenWords = PatientSearch.tokens(p.givenName) + PatientSearch.tokens(p.preferredName ?? "")
        var score = 0
        if let family {
            for t in family { guard let s = PatientSearch.best(t, familyWords) else { return nil }; score += s + 5 }
            for t in given { guard let s = PatientSearch.best(t, givenWords) else { return nil }; score += s }
        } else {
            guard !words.isEmpty else { return nil }
            for t in words { guard let s = PatientSearch.best(t, familyWords + givenWords) else { return nil }; score += s }
        }
        return score
    }
}

/// Before a new patient is created: who already in the records is probably the same person.
public enum DuplicateCheck {
    public struct Candidate: Equatable, Hashable, Sendable {
        public var familyName: String, givenName: String, dateOfBirth: String?, phone: String?
        public init(familyName: String, givenName: String, dateOfBirth: String?, phone: String?) {
            self.familyName = familyName; self.givenName = givenName; self.dateOfBirth = dateOfBirth; self.phone = phone
        }
    }

    public struct Match: Equatable, Sendable {
        public var patient: Patient
        /// Why it looks like the same person ("same date of birth, similar name").
        public var reason: String
    }

    /// Same date of birth and a similar name, or the same phone number.
    public static func likelyDuplicates(of c: Candidate, among patients: [Patient]) -> [Match] {
        let phone = c.phone.map(FieldValidation.phoneDigits) ?? ""
        return patients.compactMap { p in
            if let dob = c.dateOfBirth, dob == p.dateOfBirth, similar(c, p) {
                return Match(patient: p, reason: "same date of birth, similar name")
            }
            if phone.count >= 7, let pp = p.phone, FieldValidation.phoneDigits(pp) == phone {
                return Match(patient: p, reason: "same phone number")
            }
            return nil
        }
    }

    static func similar(_ c: Candidate, _ p: Patient) -> Bool {
        let f1 = PatientSearch.fold(c.familyName), f2 = PatientSearch.fold(p.familyName)
        let g1 = PatientSearch.fold(c.givenName), g2 = PatientSearch.fold(p.givenName)
        let familyClose = f1 == f2 || PatientSearch.editDistance(f1, f2, limit: 2) != nil
        let givenClose = g1 == g2 || g1.hasPrefix(g2) || g2.hasPrefix(g1) || PatientSearch.editDistance(g1, g2, limit: 2) != nil
        // Swapped family and given names are a classic registration error.
        let swapped = f1 == g2 && g1 == f2
        return (familyClose && givenClose) || swapped
    }
}
