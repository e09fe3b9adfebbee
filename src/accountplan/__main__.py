"""Run Account Plan with ``python -m accountplan``."""

import sys

from accountplan.cli import main

sys.exit(main())
