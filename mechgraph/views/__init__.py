"""mechgraph.views: what the answers look like (a face, like the CLI): self-contained HTML
network views, images, heatmaps and the terminal's text.

``build`` turns a graph or an effect query into view data, ``page`` renders it with
vis-network into one offline HTML file, ``backbone`` and ``positions`` compute its node
positions (``fold`` folds long chains), ``style`` says how each kind of node and edge is
drawn, ``images`` and ``heatmap`` draw PNG, SVG and heatmap images, and ``text`` renders
every answer of the command line as plain text. It imports the layers below the API only.
"""
