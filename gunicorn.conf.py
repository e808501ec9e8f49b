"""gunicorn's settings for the web container (read from the working directory: /app in the image).
Each can be overridden from the environment; the defaults suit 2 CPUs and requests of a few seconds
at most (a PDF renders in well under a second; a request over the timeout is a bug and is killed)."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# A worker that does not answer within `timeout` seconds is killed and replaced (and logged).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then (WeasyPrint and fontconfig hold on to memory).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
# Heartbeat files in memory, not on the container's overlay disk (a slow disk made workers "time out").
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", "/dev/shm" if os.path.isdir("/dev/shm") else None)
# Request limits well above what the app needs, below what a slow-loris client could use.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# The reverse proxy in front (TRUSTED_PROXY_COUNT in Django) may set X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "*")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Path without the query string (searches can hold names), status, size, time and the request id
# that Django's log lines carry too.
access_log_format = '%(t)s %(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s'
