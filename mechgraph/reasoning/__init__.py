"""mechgraph.reasoning: propagation, loops, net effects and contradictions."""
