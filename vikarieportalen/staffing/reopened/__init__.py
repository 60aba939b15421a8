"""Shifts reopened by a substitute's cancellation (*återöppnat*): the flag on the board, the notice
to the staffing centre, and dismissing the flag."""
