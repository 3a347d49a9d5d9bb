"""``python -m sinorus``: the same as the ``sinorus`` command."""

import sys

from .cli import main

sys.exit(main())
