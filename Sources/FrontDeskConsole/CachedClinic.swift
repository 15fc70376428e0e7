import Foundation
import FrontDeskCore
import FrontDeskStore

/// The clinic as a console reads it: reloaded only when the journal's sequence moved (here
/// or in another process), so a loop may ask every few milliseconds for one cheap query.
/// A busy or failing read keeps the last good picture on screen.
final class CachedClinic {
    let store: ClinicStore
    private var cached: ClinicSnapshot?

    init(store: ClinicStore) { self.store = store }

    var sequence: Int64 { (try? store.lastSequence()) ?? cached?.sequence ?? 0 }

    func snapshot() -> ClinicSnapshot {
        let seq = (try? store.lastSequence()) ?? -1
        if let c = cached, c.sequence == seq { return c }
        if let fresh = try? store.snapshot() { cached = fresh }
        return cached ?? ClinicSnapshot()
    }
}
