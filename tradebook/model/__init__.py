"""The book's records and the words they hold, defined once for every layer."""
