"""The frozen program's entry point: the same ``core.cli.main`` as the ``ddworkbook`` script."""

import sys

from core.cli import main

if __name__ == "__main__":
    sys.exit(main())
