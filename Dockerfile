# Activering: one image for the web server, the Celery worker and Celery beat.
# Build:  docker build -t activering .
# Run:    see docker-compose.yml (the image never starts an embedded database).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=activering.settings.production

RUN groupadd --system --gid 10001 activering \
 && useradd --system --uid 10001 --gid activering --home-dir /app --shell /usr/sbin/nologin activering

WORKDIR /app

# Dependencies first (cached layer): the lock file pins the whole tree.
COPY pyproject.toml requirements.lock README.md ./
RUN pip install -c requirements.lock .

COPY --chown=activering:activering . .

# Static files are collected at build time; whitenoise serves them. The settings need some
# values to import, none of which is used by collectstatic (no database connection is made).
RUN SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-build-only \
    DATABASE_URL=postgres://build@localhost/build \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --no-input --verbosity 0 \
 && mkdir -p /var/lib/activering/beat /app/.data/media \
 && chown -R activering:activering /var/lib/activering /app/.data

USER activering

EXPOSE 8000

CMD ["gunicorn", "activering.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
