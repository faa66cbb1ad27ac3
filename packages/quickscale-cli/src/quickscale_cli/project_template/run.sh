#!/bin/sh
# The one entry point of the Docker image: which process this container runs.
#   sh run.sh web       gunicorn (gunicorn.conf.py), the default
#   sh run.sh worker    the task worker of TASKS_BACKEND: db_worker (database) or rqworker (rq)
#   sh run.sh migrate   apply migrations, then exit (run it once per release, before the web role)
#   sh run.sh <command> anything else, e.g. sh run.sh python manage.py tasks_prune
# ROLE=worker in the environment does what "sh run.sh worker" does.
set -e
role="${1:-${ROLE:-web}}"
[ "$#" -gt 0 ] && shift
project="${DJANGO_SETTINGS_MODULE%%.*}"
case "$role" in
  web)
    # GUNICORN_CMD_ARGS (e.g. "--bind 127.0.0.1:9000 --workers 4") wins over gunicorn.conf.py.
    if [ -f gunicorn.conf.py ]; then
      exec gunicorn -c gunicorn.conf.py "$project.wsgi" "$@"
    fi
    export GUNICORN_CMD_ARGS="${GUNICORN_CMD_ARGS:---bind 0.0.0.0:${PORT:-8000} --workers ${WEB_CONCURRENCY:-3} --access-logfile -}"
    exec gunicorn "$project.wsgi" "$@"
    ;;
  worker)
    case "${TASKS_BACKEND:-database}" in
      rq)
        # --with-scheduler: the retries of failed tasks are scheduled jobs (they wait out their backoff).
        exec python manage.py rqworker default --job-class django_tasks_rq.Job --with-scheduler "$@"
        ;;
      immediate)
        echo "TASKS_BACKEND=immediate runs tasks inside the web requests: there is nothing for a worker to do." >&2
        exit 2
        ;;
      *)
        exec python manage.py db_worker "$@"
        ;;
    esac
    ;;
  migrate)
    exec python manage.py migrate --noinput "$@"
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
