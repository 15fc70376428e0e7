/// One key binding as data: which keys, what it sends, how the footer and help name it,
/// and whether it does anything right now. The footer, the help overlay and the key
/// dispatch all read the same bindings, so they cannot disagree (lazygit, k9s).
public struct KeyBinding<Message> {
    public var keys: [Key]
    public var message: Message
    /// A word or two for the footer ("answer").
    public var label: String
    /// A sentence for the help overlay.
    public var help: String
    public var isEnabled: Bool
    /// Rare or obvious keys stay out of the footer but are still in help.
    public var inFooter: Bool
    /// Always in the footer, however narrow the terminal (help and quit): the footer drops
    /// other hints first.
    public var pinned: Bool
    /// Why the key does nothing now, said when it is pressed anyway (nil: silence).
    public var whyDisabled: String?

    public init(_ keys: [Key], _ message: Message, label: String, help: String,
                isEnabled: Bool = true, inFooter: Bool = true, pinned: Bool = false, whyDisabled: String? = nil) {
        self.keys = keys; self.message = message; self.label = label; self.help = help
        self.isEnabled = isEnabled; self.inFooter = inFooter; self.pinned = pinned
        self.whyDisabled = isEnabled ? nil : whyDisabled
    }

    /// "↑/k" — every key of the binding, as the footer writes it.
    public var keyLabel: String { keys.map(\.label).joined(separator: "/") }

    /// The label as shown after the keys: the keys are never written twice. A label that
    /// starts by naming the binding's own keys ("↑", "↑↓ choose", "↑/↓ choose") loses them —
    /// the keys are already there — so the footer reads "↑/↓ choose", never "↑ ↑" or "↑/↓ ↑↓ choose".
    public var labelAfterKeys: String {
        let names = keys.map(\.label).sorted { $0.count > $1.count }
        var rest = Substring(label)
        while true {
            let trimmed = rest.drop { $0 == " " || $0 == "/" }
            guard let name = names.first(where: { trimmed.hasPrefix($0) }) else { break }
            let after = trimmed.dropFirst(name.count)
            // Only a whole key name: "k" does not eat the start of "keep".
            if let next = after.first, next.isLetter || next.isNumber { break }
            rest = after
        }
        return String(rest.drop { $0 == " " || $0 == "/" })
    }
}

public struct Keymap<Message> {
    /// Names the screen in the help overlay ("Desk").
    public var title: String
    public var bindings: [KeyBinding<Message>]

    public init(title: String, _ bindings: [KeyBinding<Message>]) {
        self.title = title; self.bindings = bindings
    }

    /// The first binding that lists `key`, enabled or not (help can say why nothing happened).
    public func binding(for key: Key) -> KeyBinding<Message>? {
        bindings.first { $0.keys.contains(key) }
    }

    /// What `key` sends now; nil when no binding has it or it is disabled.
    public func message(for key: Key) -> Message? {
        guard let b = binding(for: key), b.isEnabled else { return nil }
        return b.message
    }

    /// Why `key` does nothing now, when its binding says (a disabled key pressed anyway).
    public func refusal(for key: Key) -> String? {
        guard let b = binding(for: key), !b.isEnabled else { return nil }
        return b.whyDisabled
    }

    /// The same table sending other messages (help lists every part's keys as one type):
    /// labels, footer place, pins and reasons all kept.
    public func map<Other>(_ transform: (Message) -> Other) -> Keymap<Other> {
        Keymap<Other>(title: title, bindings.map {
            KeyBinding($0.keys, transform($0.message), label: $0.label, help: $0.help, isEnabled: $0.isEnabled,
                       inFooter: $0.inFooter, pinned: $0.pinned, whyDisabled: $0.whyDisabled)
        })
    }

    /// Bindings the footer shows, in table order.
    public var footerBindings: [KeyBinding<Message>] { bindings.filter { $0.inFooter && $0.isEnabled } }
}

extension KeyBinding: Sendable where Message: Sendable {}
extension Keymap: Sendable where Message: Sendable {}
