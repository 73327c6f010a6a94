"""mechgraph.io: the file formats mechgraph reads and writes, one module per format.

Signed networks read for import (``sif``, ``table``, ``bel``, ``bnet``, ``aeon``,
``sbml_qual``, with ``logic`` for the logical models and ``base`` for what they share;
``importers`` lists them), the knowledge base written for other tools (``owl``, ``rdf`` —
which also reads an export back —, ``graphml``, ``cx2``, ``sif``, ``nodelink``, the rows of
``network``; ``exporters`` lists them), SPARQL over the RDF graph (``sparql``), a signed
table drawn or queried as it is (``signed_table``), and atomic file writes (``write``).

May import :mod:`mechgraph.model`, :mod:`mechgraph.kb`, :mod:`mechgraph.graph` and
:mod:`mechgraph.reasoning`; never the views, the API or the CLI.
"""
