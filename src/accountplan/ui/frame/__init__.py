"""The window's frame: start-up, the main window, navigation, search, database commands, the change log."""
