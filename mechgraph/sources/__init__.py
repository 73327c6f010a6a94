"""mechgraph.sources: loading and validating the curated TSV sources."""
