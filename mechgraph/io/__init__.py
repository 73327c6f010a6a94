"""mechgraph.io: the file formats mechgraph reads and writes, one module per format.

Signed networks read for import (``sif``, ``table``, ``bel``, ``bnet``, ``aeon``,
``sbml_qual``, with ``logic`` for the logical models, ``interactions`` for the rows of
source-interaction-target files and ``base`` for what they all share; ``importers`` lists
them), the knowledge base written for other tools (``rdf`` — the one walk of the knowledge
base, which also reads an export back —, ``owl`` made from its triples, ``graphml``,
``cx2``, ``sif``, ``nodelink``, the rows of ``network``; ``exporters`` lists them), SPARQL
over the RDF graph (``sparql``), a signed table drawn or queried as it is
(``signed_table``), and atomic file writes (``write``).

May import :mod:`mechgraph.model`, :mod:`mechgraph.kb`, :mod:`mechgraph.graph` and
:mod:`mechgraph.reasoning`; never the views, the API or the CLI.
"""
