# CLP officer bot: `docker compose up -d` (see README, "Keep it running").
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATA_DIR=/data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
COPY roles ./roles

# the README's install step, then a user without root rights that owns only the data folder
RUN pip install --no-cache-dir -e . \
    && groupadd --system --gid 10001 clpbot \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin clpbot \
    && mkdir -p /data \
    && chown 10001:10001 /data

USER 10001:10001
VOLUME ["/data"]
CMD ["python", "-m", "bot", "run"]
