"""The portal's date and time formats, one module per language (``FORMAT_MODULE_PATH``).

Django's ``date``/``time`` filters and ``formats.date_format`` read the standard names here
(``TIME_FORMAT``, ``DATETIME_FORMAT``, …); the portal's own names (``DAY_FORMAT``, ``DAY_TIME_FORMAT``,
``WEEKDAY_DAY_FORMAT``) are read by ``core.time.date_text`` and the ``formatted`` template filter.
Swedish: "9 dec", "13.30" (Språkrådet's style); English: "9 Dec", "6 December 2026", "13:30",
24-hour, never "a.m.". Anything not named here falls back to Django's own locale formats.
"""
