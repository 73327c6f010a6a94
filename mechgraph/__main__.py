from mechgraph.cli.app import main

main()
