// The themes compiled into the binary, so the console always has a complete theme even
// when no Themes/ folder is installed or a theme file is broken. The text is a copy of
// Themes/default.toml and Themes/monochrome.toml; ThemeTests checks the copies still match.

extension Theme {
    /// The fallback for every problem with a theme file.
    public static let builtinDefault: Theme = builtin(defaultSource, "default")
    /// The theme for `NO_COLOR` and terminals without colour.
    public static let builtinMonochrome: Theme = builtin(monochromeSource, "monochrome")

    private static func builtin(_ source: String, _ name: String) -> Theme {
        // Cannot fail: ThemeTests parses both sources on every test run.
        do { return try Theme.parse(source, file: "<built-in \(name)>") } catch { preconditionFailure("\(error)") }
    }

    static let defaultSource = #"""
# FrontDesk theme: default — light text on a dark terminal.
#
# A theme is a palette of named colours, then one style per role. Screens draw with
# roles (boardRowOverdue, borderFocused…), never with colours, and every status also
# carries a symbol or word, so no role depends on colour alone.
#
# Colours: a palette name, a basic colour (black red green yellow blue magenta cyan white),
# a 256-colour index 0–255, "#rrggbb" (the nearest 256-colour entry), or "default"
# (the terminal's own). Style keys: fg, bg, bold, underline, reverse, dim.
# On an 8-colour terminal each colour becomes the nearest basic one; with no colours
# at all the monochrome theme's attributes are used.
# Check an edited copy with: frontdesk themes --check FILE

name = "default"
description = "Light text on a dark terminal (the shipped default)"

[palette]
text = 252
quiet = 245
frame = 240
accent = 75
amber = 214
alarm = 196
fine = 77
selection = 24
bar = 237
sheet = 235
bright = 231
ink = 16

[roles]
normal = { fg = "text" }
muted = { fg = "quiet" }
title = { fg = "text", bold = true }
titleFocused = { fg = "accent", bold = true }
border = { fg = "frame" }
borderFocused = { fg = "accent", bold = true }
header = { fg = "text", bold = true, underline = true }
selected = { fg = "bright", bg = "selection", bold = true }
statusLine = { fg = "text", bg = "bar" }
footerKey = { fg = "accent", bold = true }
footerLabel = { fg = "quiet" }
boardRowNormal = { fg = "text" }
boardRowAmber = { fg = "amber" }
boardRowOverdue = { fg = "alarm", bold = true }
good = { fg = "fine" }
warning = { fg = "amber", bold = true }
danger = { fg = "alarm", bold = true }
info = { fg = "accent" }
emergency = { fg = "bright", bg = 160, bold = true }
banner = { fg = "ink", bg = "amber", bold = true }
overlay = { fg = "text", bg = "sheet" }
overlayTitle = { fg = "accent", bg = "sheet", bold = true }
input = { fg = "text", bg = "bar" }
inputFocused = { fg = "bright", bg = "selection", underline = true }
errorText = { fg = "alarm" }
inert = { fg = 213, reverse = true }
lockScreen = { fg = "quiet" }
"""#

    static let monochromeSource = #"""
# FrontDesk theme: monochrome — no colour at all, roles told apart by attributes only.
# Used when NO_COLOR is set and on terminals without colour (vt100). Format: see default.toml.

name = "monochrome"
description = "No colour: bold, underline, reverse and dim only (NO_COLOR)"

[roles]
normal = {}
muted = { dim = true }
title = { bold = true }
titleFocused = { bold = true, underline = true }
border = {}
borderFocused = { bold = true }
header = { bold = true, underline = true }
selected = { reverse = true }
statusLine = { reverse = true }
footerKey = { bold = true }
footerLabel = {}
boardRowNormal = {}
boardRowAmber = { bold = true }
boardRowOverdue = { bold = true, underline = true }
good = {}
warning = { bold = true }
danger = { bold = true, underline = true }
info = {}
emergency = { bold = true, reverse = true }
banner = { bold = true, reverse = true }
overlay = {}
overlayTitle = { bold = true, underline = true }
input = { underline = true }
inputFocused = { reverse = true }
errorText = { bold = true }
inert = { dim = true, underline = true }
lockScreen = { dim = true }
"""#
}
