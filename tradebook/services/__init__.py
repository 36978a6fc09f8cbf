"""Recording things in the book: every write the CLI, the app and an import make goes through
here, checked against the book before anything is written."""
