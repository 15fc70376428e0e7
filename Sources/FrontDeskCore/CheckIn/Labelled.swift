import Foundation

/// A value shown after the name of what it is ("MRN M001"), written so the name appears once
/// even when the value already carries it: practice systems often write MRNs as "MRN100529".
public enum Labelled {
    /// "MRN" + "M001" → "MRN M001"; "MRN" + "MRN100529" → "MRN100529". An empty value is
    /// just the label's absence: "".
    public static func value(_ label: String, _ value: String) -> String {
        let v = value.trimmingCharacters(in: .whitespaces)
        guard !v.isEmpty else { return "" }
        if v.range(of: label, options: [.caseInsensitive, .anchored]) != nil { return v }
        return "\(label) \(v)"
    }
}

extension Patient {
    /// The medical record number as every screen writes it (its label once).
    public var mrnLabel: String { Labelled.value("MRN", mrn) }
}
