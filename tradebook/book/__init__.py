"""Storage: the book file (a TinyDB-layout JSON snapshot plus a journal), its lock and backups."""
