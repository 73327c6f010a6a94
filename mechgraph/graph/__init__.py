"""mechgraph.graph: compiling the knowledge base into a signed mechanism graph."""
