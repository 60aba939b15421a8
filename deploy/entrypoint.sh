#!/bin/sh
# The portal's processes, one command each, the same in the container, under systemd and in
# deploy/smoke:
#
#   entrypoint.sh web          migrate (unless MIGRATE=false), then gunicorn on $BIND
#   entrypoint.sh worker       the task worker: RQ with TASK_BACKEND=rq, else the database worker
#   entrypoint.sh scheduler    the periodic jobs (one per installation)
#   entrypoint.sh migrate      only the migrations (once per release, when web runs with MIGRATE=false)
#   entrypoint.sh healthcheck  exit 0 when the web process answers /health/ on $BIND
#   entrypoint.sh manage …     any manage.py command (createsuperuser, seed_demo, check --deploy …)
#
# Settings come from the environment (docs/settings.md, deploy/env.example). ENV_FILE=/path reads
# such a file first (KEY=value lines, as systemd's EnvironmentFile); variables already set win.
set -eu

if [ -n "${ENV_FILE:-}" ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      '' | '#'*) ;;
      *=*)
        name=${line%%=*}
        printenv "$name" >/dev/null || export "$name=${line#*=}"
        ;;
    esac
  done <"$ENV_FILE"
fi

ROOT=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
cd "$ROOT"
# The project's virtual environment when there is one (a checkout, systemd), else the PATH's python
# (the container puts its environment first on PATH).
if [ -z "${PYTHON:-}" ]; then
  if [ -x "$ROOT/.venv/bin/python" ]; then PYTHON="$ROOT/.venv/bin/python"; else PYTHON=python; fi
fi
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.production}"
BIND="${BIND:-0.0.0.0:8000}"

command="${1:-web}"
[ $# -gt 0 ] && shift

case "$command" in
  web)
    if [ "${MIGRATE:-true}" != "false" ]; then
      "$PYTHON" manage.py migrate --noinput
    fi
    # Further gunicorn options: GUNICORN_CMD_ARGS (gunicorn reads it itself) or arguments here.
    exec "$PYTHON" -m gunicorn -c config/gunicorn.conf.py config.wsgi \
      --bind "$BIND" \
      --workers "${WEB_WORKERS:-2}" --threads "${WEB_THREADS:-4}" \
      --timeout "${WEB_TIMEOUT:-30}" --graceful-timeout "${WEB_GRACEFUL_TIMEOUT:-20}" \
      --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1,::1}" \
      "$@"
    ;;
  worker)
    if [ "${TASK_BACKEND:-database}" = "rq" ]; then
      # --job-class runs Django Task objects; --with-scheduler runs deferred tasks (retries, SMS
      # held through quiet hours) on time.
      exec "$PYTHON" manage.py rqworker default --job-class django_tasks_rq.Job --with-scheduler "$@"
    fi
    exec "$PYTHON" manage.py db_worker --queue-name '*' "$@"
    ;;
  scheduler)
    exec "$PYTHON" manage.py run_scheduler "$@"
    ;;
  migrate)
    exec "$PYTHON" manage.py migrate --noinput "$@"
    ;;
  healthcheck)
    # Asks the way the reverse proxy does: an allowed host name and X-Forwarded-Proto, so that
    # SECURE_SSL_REDIRECT does not answer 301. (/health/ready, with the database, Redis, the queue
    # and the scheduler, is for monitoring; a container's health is the process answering.)
    exec "$PYTHON" - "$BIND" "${HEALTHCHECK_PATH:-/health/}" <<'PY'
import os, sys, urllib.request
bind, path = sys.argv[1], sys.argv[2]
port = bind.rsplit(":", 1)[-1]
host = next((h for h in os.environ.get("ALLOWED_HOSTS", "localhost").split(",") if h.strip()), "localhost")
host = host.strip().lstrip(".").replace("*", "localhost")
request = urllib.request.Request(
    f"http://127.0.0.1:{port}{path}", headers={"Host": host, "X-Forwarded-Proto": "https"}
)
try:
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        sys.exit(0 if response.status == 200 else 1)
except Exception as exc:  # noqa: BLE001
    print(f"health check failed: {exc}", file=sys.stderr)
    sys.exit(1)
PY
    ;;
  manage)
    exec "$PYTHON" manage.py "$@"
    ;;
  *)
    echo "usage: $0 web|worker|scheduler|migrate|healthcheck|manage …" >&2
    exit 64
    ;;
esac
