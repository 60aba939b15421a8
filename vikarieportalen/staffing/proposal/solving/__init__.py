"""The pieces of the proposal's solver (``proposal/solver.py`` is the entry): ``eligibility`` (one
person, one shift), ``variables`` (the pairs and auxiliary variables), ``constraints`` (one person's
rules and costs), ``model`` (building it), ``fill`` (the first solution and filling what is left
open) and ``unfilled`` (why a shift stayed open)."""
