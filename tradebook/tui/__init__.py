"""The terminal app (Textual). Start it with `tradebook.tui.app.make_app(book).run()`."""
