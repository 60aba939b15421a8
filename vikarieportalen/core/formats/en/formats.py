"""English: day before month as in Swedish ("9 Dec", "6 December 2026"), 24-hour "13:30", never "a.m."."""

TIME_FORMAT = "H:i"  # 13:30
DATE_FORMAT = "j F Y"  # 6 December 2026
DATETIME_FORMAT = "j F Y H:i"  # 6 December 2026 13:30
SHORT_DATE_FORMAT = "j M Y"  # 6 Dec 2026
SHORT_DATETIME_FORMAT = "j M Y H:i"  # 6 Dec 2026 13:30
MONTH_DAY_FORMAT = "j F"  # 6 December
YEAR_MONTH_FORMAT = "F Y"  # December 2026

# The portal's own names (core.time.date_text, the `formatted` filter).
DAY_FORMAT = "j M"  # 9 Dec
DAY_TIME_FORMAT = "j M H:i"  # 9 Dec 13:30
WEEKDAY_DAY_FORMAT = "D j M"  # Wed 9 Dec
WEEKDAY_DATE_FORMAT = "D j M Y"  # Wed 9 Dec 2026
