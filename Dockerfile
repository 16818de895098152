# The archive as a container: Gunicorn serving the app, WhiteNoise the static files.
# Needs a PostgreSQL server: docker run -e DATABASE_URL=postgres://... -e SECRET_KEY=...
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    NEWSROOM_BOOTSTRAP=0 \
    DEBUG=0 \
    PORT=8000 \
    WEB_CONCURRENCY=2 \
    GUNICORN_THREADS=4 \
    MEDIA_ROOT=/app/var/media

WORKDIR /app

# Dependencies first, so code changes do not reinstall them: the list in pyproject.toml,
# which `pip install .` and the bootstrap behind manage.py install too. EXTRAS names
# optional groups from it: docker build --build-arg EXTRAS=s3 (media on an object store).
ARG EXTRAS=""
COPY pyproject.toml README.md ./
COPY newsroom/__init__.py newsroom/bootstrap.py newsroom/
RUN python -m newsroom.bootstrap --system ${EXTRAS} && rm -rf /root/.cache/pip

COPY . .
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && useradd --create-home --uid 10001 newsroom \
    && mkdir -p /app/var/media \
    && chown -R newsroom:newsroom /app/var

USER newsroom
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"

CMD ["sh", "-c", "exec gunicorn newsroom.wsgi:application --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY} --threads ${GUNICORN_THREADS} --access-logfile - --forwarded-allow-ips '*' --limit-request-line 8190"]
