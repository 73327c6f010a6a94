"""mechgraph.kb: the curated knowledge-base folder (``ontology/``, ``rules/``).

Reading the TSV tables into the typed records of :mod:`mechgraph.model` and validating them
(``loader``, ``tsv``), the curator's report (``report``), the canonical layout of the
tables (``format``), row edits (``edit``), quotes checked against the reviews (``quotes``),
coverage of their causal and comparative sentences (``coverage``), the questions of
``ontology/questions.tsv`` (``questions``), the reasoning rules (``rules``), finding the
shipped folder (``locate``) and the on-disk cache of a loaded knowledge base (``cache``).

May import :mod:`mechgraph.model` only.
"""
