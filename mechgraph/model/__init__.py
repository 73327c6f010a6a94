"""mechgraph.model: the data model (records, vocabularies, identifiers, knowledge base)."""
