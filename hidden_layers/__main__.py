"""`python -m hidden_layers`: the `hidden-layers` command line."""

from .cli import main

if __name__ == "__main__":
    main()
