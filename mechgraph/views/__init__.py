"""mechgraph.views: interactive, self-contained HTML network views (a face, like the CLI).

``build`` turns a graph or an effect query into view data, ``page`` renders it with
vis-network into one offline HTML file, ``layout`` computes positions for large graphs and
``style`` says how each kind of node and edge is drawn.
"""
