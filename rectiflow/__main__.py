"""`python -m rectiflow …`: the same command line as the `rectiflow` script."""
from rectiflow.cli import main

main()
