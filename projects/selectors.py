"""Every non-trivial read of projects: querysets that carry their joins and start from
what the reader may see."""
