"""The pursuit: deals and their processes, decisions, qualification, the journey and the numbers."""
