"""``python -m fiscaldoc``: the command line."""
from .cli import main

raise SystemExit(main())
