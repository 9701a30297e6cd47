# Production image of innocycle: one image, one role per container (see docker-compose.yml):
#   innocycle api | innocycle worker | innocycle migrate | innocycle seed
# Settings come from INNOCYCLE_* environment variables (innocycle/settings.py).
#
#   docker build -t innocycle .
#   docker run --rm -p 8000:8000 -e INNOCYCLE_DATABASE_URL=... innocycle            # API
#   docker run --rm -e INNOCYCLE_TEMPORAL_ADDRESS=... innocycle innocycle worker    # worker

ARG PYTHON_IMAGE=python:3.11-slim

# ---- build: a virtualenv in /opt/venv holding the project and its dependencies ----
FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv

WORKDIR /src

# Dependencies first, read from pyproject.toml alone: this (slow) layer is rebuilt only when pyproject.toml
# changes, not on every source edit. Every dependency ships manylinux wheels, so no compiler is needed.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt

# Then the project itself (.dockerignore keeps tests, caches, .git and local state out of the context).
COPY . .
RUN pip install . \
    && innocycle --help > /dev/null

# ---- runtime: the virtualenv only, run as an unprivileged user ----
FROM ${PYTHON_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    INNOCYCLE_API_HOST=0.0.0.0 \
    INNOCYCLE_API_PORT=8000

RUN groupadd --system --gid 10001 innocycle \
    && useradd --system --uid 10001 --gid innocycle --home-dir /home/innocycle --create-home \
        --shell /usr/sbin/nologin innocycle

# Owned by root, so the application cannot modify its own code.
COPY --from=build /opt/venv /opt/venv

USER 10001:10001
WORKDIR /home/innocycle

EXPOSE 8000

# No HEALTHCHECK here: the same image runs the worker, which serves no HTTP. docker-compose.yml gives the
# api service its health check (GET /healthz).
CMD ["innocycle", "api"]
