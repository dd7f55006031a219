extension Journal {
    /// The journal at `path` opened for a run that writes it, with the lock that keeps other
    /// runs out (exit 4 for them) held until the lock is released.
    static func openForRun(at path: String) throws(ImportError) -> (JournalLock, Journal) {
        do {
            let lock = try JournalLock(journalPath: path)
            return (lock, try Journal(path: path))
        } catch {
            throw .journal(error)
        }
    }
}
