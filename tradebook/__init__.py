"""tradebook: the book of a field trade business, and the paperwork that gets it paid."""

__version__ = "0.1.0"
