"""The buyer's people as tables: the stakeholders and the coverage matrix."""
