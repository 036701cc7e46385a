# batna: the HTTP API, the batch workers and the CLI in one image.
# The rule bundle is baked in, so the image tag pins the rules an evaluation ran with.

# --- build: wheels for everything, durable-rules compiled from source (needs gcc) ---
FROM python:3.11-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc g++ make \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md constraints.txt ./
COPY src ./src
RUN pip wheel --no-cache-dir --wheel-dir /wheels -c constraints.txt '.[postgres]'

# --- runtime: no compiler, non-root, read-only root filesystem friendly ---
FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    BATNA_RULES_DIR=/app/rules \
    BATNA_HOST=0.0.0.0 \
    BATNA_PORT=8000 \
    BATNA_DATABASE_URL=sqlite+aiosqlite:////tmp/batna.db
COPY --from=build /wheels /wheels
COPY constraints.txt /tmp/constraints.txt
RUN pip install --no-cache-dir --no-index --find-links /wheels -c /tmp/constraints.txt 'batna[postgres]' \
 && rm -rf /wheels /tmp/constraints.txt \
 && groupadd --system --gid 10001 batna \
 && useradd --system --uid 10001 --gid batna --no-create-home --shell /usr/sbin/nologin batna
WORKDIR /app
COPY rules ./rules
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]
ENTRYPOINT ["batna"]
CMD ["serve"]
