"""``python -m coursekit ...`` runs the same command line as the ``coursekit`` script."""

import sys

from .cli import main

sys.exit(main())
