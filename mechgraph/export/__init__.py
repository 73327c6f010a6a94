"""mechgraph.export: artefacts for people and tools that do not run mechgraph."""
