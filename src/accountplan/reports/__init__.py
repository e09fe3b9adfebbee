"""Documents and drawings for people outside the app: the org chart and, later, the PDF reports."""
