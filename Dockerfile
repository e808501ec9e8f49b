# Production image for web, worker and beat (see docker-compose.yml). Not built on the dev machines
# (no Docker engine there); kept correct by reading.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1

# WeasyPrint needs Pango and HarfBuzz' subsetter; DejaVu renders æøå; npm installs DKFDS.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-dejavu-core nodejs npm \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml package.json package-lock.json ./
# Only the app's own dependencies: the dev extra (embedded PostgreSQL, honcho, test tools) stays out.
RUN pip install . && npm ci --omit=dev --no-audit --no-fund
COPY . .
RUN DEBUG=false SECRET_KEY=build-only-collectstatic DATABASE_URL=postgresql://build@/none \
    python manage.py collectstatic --noinput \
 && useradd --system --uid 1000 tilsyn && mkdir -p /data/media && chown tilsyn /data/media
USER tilsyn
EXPOSE 8000
# Settings (timeouts, workers, access log) in gunicorn.conf.py, read from /app.
CMD ["gunicorn", "tilsyn.wsgi:application"]
