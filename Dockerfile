# The TPC Portal image: one image for web (gunicorn), the Celery worker and beat, and the
# one-shot migrate step; docker-compose.yml picks the command for each.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=tpc_portal.settings

# gettext's msgfmt compiles the translations below; nothing else is needed from apt
# (psycopg2-binary ships its own libpq).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system app \
    && useradd --system --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them. pyproject.toml lists
# no packages of its own (the code runs from /app via PYTHONPATH); the dev extra is left out.
COPY pyproject.toml README.md ./
RUN pip install . && rm -rf build ./*.egg-info

COPY . .

# Static files are collected into the image (served by whitenoise). Settings refuse to load
# without SECRET_KEY when DEBUG is false: this dummy key exists for this one command only
# and is not part of the image's environment.
RUN DEBUG=false SECRET_KEY=build-only-collectstatic-not-a-secret \
        python manage.py collectstatic --no-input -v0 \
    && if find . -path '*/locale/*' -name '*.po' | grep -q .; then \
        DEBUG=false SECRET_KEY=build-only-compilemessages-not-a-secret \
        python manage.py compilemessages -v0; fi \
    && mkdir -p var/media \
    && chown app:app var var/media

USER app

EXPOSE 8000

# WEB_CONCURRENCY: gunicorn worker processes. Whose X-Forwarded-* headers gunicorn trusts
# follows TRUSTED_PROXY_COUNT (or FORWARDED_ALLOW_IPS): see gunicorn.conf.py, which gunicorn
# reads from /app by itself. Never publish port 8000 to the internet: put the
# TLS-terminating proxy in front and set TRUSTED_PROXY_COUNT=1.
CMD ["sh", "-c", "exec gunicorn tpc_portal.wsgi --bind 0.0.0.0:8000 --workers \"${WEB_CONCURRENCY:-3}\" --access-logfile -"]
