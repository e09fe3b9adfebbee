"""The account itself: the overview, its details, catalog, initiatives and spend zones."""
