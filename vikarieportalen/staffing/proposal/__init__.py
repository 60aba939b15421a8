"""The automatic staffing proposal (issue 18): a whole period's open shifts filled at once by a solver.

``facts.py`` holds the plain data, ``solver.py`` the CP-SAT model (pure; its pieces in
``solving/``), ``greedy.py`` today's one-at-a-time ranking applied in order (the baseline),
``checker.py`` the independent check of a proposal against the booking rules, ``selectors.py`` the
facts read from the database.
See docs/staffing-proposal.md.
"""
