// swift-tools-version:6.1
import PackageDescription

// Targets and the direction of their dependencies: see docs/ARCHITECTURE.md.
// Every target builds in the Swift 6 language mode: what crosses a thread (the watcher's
// wake-up, the effect worker's mailbox) says so in its type.
let v6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "FrontDesk",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "frontdesk", targets: ["frontdesk"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        // The store's second engine (docs/store.md): PostgreSQL, for many sites on one live state.
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        // The one rule for outside text on its way to a person (a leaf: the domain and the
        // terminal layer both need it and must not depend on each other).
        .target(name: "TextSafety", swiftSettings: v6),
        .target(name: "FrontDeskCore",
                dependencies: ["TextSafety", .product(name: "HeapModule", package: "swift-collections")],
                swiftSettings: v6),
        .target(name: "FrontDeskStore",
                dependencies: ["FrontDeskCore", "TextSafety", .product(name: "GRDB", package: "GRDB.swift"),
                               .product(name: "Crypto", package: "swift-crypto"),
                               .product(name: "_CryptoExtras", package: "swift-crypto"),
                               .product(name: "TOMLKit", package: "TOMLKit"),
                               .product(name: "PostgresNIO", package: "postgres-nio")],
                swiftSettings: v6),
        .target(name: "TerminalUI", dependencies: ["TextSafety", .product(name: "TOMLKit", package: "TOMLKit")], swiftSettings: v6),
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        .target(name: "CursesTerminal", dependencies: ["TerminalUI", "CNcurses"], swiftSettings: v6),
        .target(name: "FrontDeskConsole",
                dependencies: ["FrontDeskCore", "FrontDeskStore", "TerminalUI"],
                swiftSettings: v6),
        .target(name: "FrontDeskIntake",
                dependencies: ["TextSafety", "FrontDeskCore", "FrontDeskStore", .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: v6),
        .executableTarget(name: "frontdesk",
                          dependencies: ["TextSafety", "FrontDeskCore", "FrontDeskStore", "TerminalUI", "CursesTerminal",
                                         "FrontDeskConsole", "FrontDeskIntake",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser"),
                                         .product(name: "TOMLKit", package: "TOMLKit")],
                          swiftSettings: v6),
        // Benchmarks print figures; they are a separate executable so `swift build`
        // of the product and the tests never time anything.
        .executableTarget(name: "frontdesk-bench",
                          dependencies: ["FrontDeskCore", "FrontDeskStore", "TerminalUI", "CursesTerminal",
                                         "FrontDeskConsole", "FrontDeskIntake", "CNcurses"],
                          swiftSettings: v6),

        .target(name: "TestSupport", dependencies: ["TerminalUI"], path: "Tests/TestSupport", swiftSettings: v6),
        // A scripted Asterisk manager peer, shared by the adapter's tests and the tmux test.
        .target(name: "AMIPeer", dependencies: ["FrontDeskIntake", .product(name: "Crypto", package: "swift-crypto")],
                path: "Tests/AMIPeer", swiftSettings: v6),
        .testTarget(name: "FrontDeskCoreTests",
                    dependencies: ["FrontDeskCore",
                                   .product(name: "PropertyBased", package: "swift-property-based")],
                    swiftSettings: v6),
        .testTarget(name: "FrontDeskStoreTests",
                    dependencies: ["FrontDeskStore", "FrontDeskCore", "TestSupport", "frontdesk"],
                    swiftSettings: v6),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "TestSupport"], swiftSettings: v6),
        .testTarget(name: "FrontDeskConsoleTests",
                    dependencies: ["FrontDeskConsole", "FrontDeskStore", "FrontDeskCore", "TerminalUI", "TestSupport"],
                    swiftSettings: v6),
        .testTarget(name: "FrontDeskIntakeTests",
                    dependencies: ["FrontDeskIntake", "FrontDeskStore", "FrontDeskCore", "TestSupport", "AMIPeer", "frontdesk"],
                    swiftSettings: v6),
        .testTarget(name: "EndToEndTests",
                    dependencies: ["TestSupport", "AMIPeer", "FrontDeskIntake", "frontdesk"],
                    swiftSettings: v6),
    ]
)
