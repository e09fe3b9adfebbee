"""Parts every area of the window shares: the page base, commands on the undo stack, events, tables, widgets."""
