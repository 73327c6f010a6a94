"""mechgraph.cli: the command-line interface (parses arguments and prints)."""
