"""Swedish: "9 dec", "9 december 2026", "13.30" (lower-case months, a full stop between hours and minutes)."""

TIME_FORMAT = "H.i"  # 13.30
DATE_FORMAT = "j F Y"  # 9 december 2026
DATETIME_FORMAT = "j F Y H.i"  # 9 december 2026 13.30
SHORT_DATE_FORMAT = "j b Y"  # 9 dec 2026
SHORT_DATETIME_FORMAT = "j b Y H.i"  # 9 dec 2026 13.30
MONTH_DAY_FORMAT = "j F"  # 9 december
YEAR_MONTH_FORMAT = "F Y"  # december 2026

# The portal's own names (core.time.date_text, the `formatted` filter).
DAY_FORMAT = "j b"  # 9 dec
DAY_TIME_FORMAT = "j b H.i"  # 9 dec 13.30
WEEKDAY_DAY_FORMAT = "D j b"  # ons 9 dec
WEEKDAY_DATE_FORMAT = "D j b Y"  # ons 9 dec 2026
