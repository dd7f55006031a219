extension Journal {
    /// The journal at `path` opened for a run that writes it, holding the lock that keeps other
    /// runs out (exit 4 for them) for as long as the journal is open.
    static func openForRun(at path: String) throws(ImportError) -> Journal {
        do {
            return try Journal(path: path, lockedForRun: true)
        } catch {
            throw .journal(error)
        }
    }
}
