"""The org chart: the scene of cards and lines, its view, and the panel that edits one person."""
