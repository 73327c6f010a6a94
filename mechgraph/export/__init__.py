"""mechgraph.export: artefacts for people and tools that do not run mechgraph.

One module per format: ``owl`` (OWL/RDF-XML, owlready2), ``rdf`` (Turtle, N-Triples,
JSON-LD, rdflib), ``graphml``, ``cx2``, ``sif`` and ``nodelink`` (the compiled network, rows
from ``network``); ``formats`` lists them all for ``mechgraph export``; ``sparql`` runs
queries over the RDF graph; ``write`` replaces files atomically. Reading an RDF export back
is :mod:`mechgraph.sources.rdf_import`.
"""
