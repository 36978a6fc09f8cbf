"""The app's screens: pages drawn from the book, and the modal forms that write to it."""
