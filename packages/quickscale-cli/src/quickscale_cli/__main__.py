"""quickscale_cli as a module: ``python -m quickscale_cli``."""

import sys

from quickscale_cli.main import main

sys.exit(main())
