"""The business rules of tradebook: pure functions of (book, today). No terminal, no clock."""
