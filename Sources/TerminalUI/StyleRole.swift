/// Named roles that themes give colours to. Screens draw with roles, never colours
/// (htop's colour schemes, k9s skins). A theme file must give every role.
public enum StyleRole: String, CaseIterable, Sendable, Hashable, Codable {
    case normal
    case muted
    case title
    case titleFocused
    case border
    case borderFocused
    case header
    case selected
    case statusLine
    case footerKey
    case footerLabel
    case boardRowNormal
    case boardRowAmber
    case boardRowOverdue
    case good
    case warning
    case danger
    case info
    case emergency
    case banner
    case overlay
    case overlayTitle
    case input
    case inputFocused
    case errorText
    /// Placeholders that `SafeText` put where a control or bidi character was.
    case inert
    case lockScreen
}
