import Foundation

/// A person registered with the clinic. Text fields come from outside (typed at a
/// desk, imported, fed by a phone system) and are never trusted for display:
/// the console passes them through `SafeText` before they reach a screen.
public struct Patient: Equatable, Hashable, Sendable, Codable {
    public var id: Int64
    /// Medical record number: assigned once, read-only in every form.
    public var mrn: String
    public var familyName: String
    public var givenName: String
    public var preferredName: String?
    /// A civil date (`yyyy-MM-dd`), not an instant: a birthday has no time zone.
    public var dateOfBirth: String?
    public var sex: String?
    public var phone: String?
    public var email: String?
    public var address: String?
    public var insurance: Insurance?
    /// Language an interpreter is needed for, if any.
    public var interpreter: String?
    /// Accessibility needs in the patient's words (wheelchair, hearing loop…).
    public var accessibility: String?
    /// Bumped by every saved change; a form saving over a newer version is refused.
    public var version: Int

    public init(id: Int64, mrn: String, familyName: String, givenName: String,
                preferredName: String? = nil, dateOfBirth: String? = nil, sex: String? = nil,
                phone: String? = nil, email: String? = nil, address: String? = nil,
                insurance: Insurance? = nil, interpreter: String? = nil,
                accessibility: String? = nil, version: Int = 1) {
        self.id = id; self.mrn = mrn; self.familyName = familyName; self.givenName = givenName
        self.preferredName = preferredName; self.dateOfBirth = dateOfBirth; self.sex = sex
        self.phone = phone; self.email = email; self.address = address
        self.insurance = insurance; self.interpreter = interpreter
        self.accessibility = accessibility; self.version = version
    }

    /// "Family, Given" — the order front-desk systems list patients in.
    public var displayName: String {
        givenName.isEmpty ? familyName : "\(familyName), \(givenName)"
    }
}

public struct Insurance: Equatable, Hashable, Sendable, Codable {
    public var payer: String
    public var memberID: String
    public var groupNumber: String?
    public var subscriber: String?
    /// Patient's relationship to the subscriber: self, spouse, child, other.
    public var relationship: String?
    public var verified: Bool

    public init(payer: String, memberID: String, groupNumber: String? = nil,
                subscriber: String? = nil, relationship: String? = nil, verified: Bool = false) {
        self.payer = payer; self.memberID = memberID; self.groupNumber = groupNumber
        self.subscriber = subscriber; self.relationship = relationship; self.verified = verified
    }
}
