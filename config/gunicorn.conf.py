"""gunicorn's settings for the portal: ``gunicorn -c config/gunicorn.conf.py config.wsgi``.

The access log (and the error log) pass through ``vikarieportalen.core.ops.logredact``, so the secret
tokens in offer links, activation links, calendar feeds and SMS callbacks never reach a log file,
wherever ``--access-logfile``, ``--error-logfile`` or ``--log-syslog`` send it. Workers, binding
and timeouts are left to the command line (docs/deployment.md).
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from vikarieportalen.core.ops.logredact import RedactSecretsFilter

accesslog = "-"  # the access log to standard output unless --access-logfile says otherwise


class RedactingLogger(Logger):  # type: ignore[misc]
    """gunicorn's own logger, with every access and error record redacted before any handler."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(existing, RedactSecretsFilter) for existing in log.filters):
                log.addFilter(RedactSecretsFilter())


logger_class = RedactingLogger
