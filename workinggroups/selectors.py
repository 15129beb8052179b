"""Every non-trivial read of working groups: querysets that carry their joins and start
from what the reader may see."""
