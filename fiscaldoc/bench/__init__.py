"""``fiscaldoc bench IN... --gold GOLD``: fiscaldoc and its peers on the same files, scored
by ``fiscaldoc.evaluate`` (see ``peers`` and ``run``)."""
