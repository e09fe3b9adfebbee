"""Our side: the deal team, the alignment meetings and the actions."""
