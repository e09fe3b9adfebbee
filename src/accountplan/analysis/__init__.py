"""Graph analysis of a plan (networkx): the org, influence and coverage graphs, findings and layouts."""
