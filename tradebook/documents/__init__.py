"""The paperwork that gets the money in: letters, statements and mediation / small-claims bundles.

Importing this package is cheap. fpdf2 is imported only by the functions that draw a PDF,
so the commands that never make a document stay quick.
"""
