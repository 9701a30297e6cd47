#!/bin/sh
# Registers the Temporal namespaces listed in NAMESPACES (space separated) once the server answers; run by
# the `temporal-create-namespace` service (temporalio/admin-tools). Follows temporalio/samples-server
# compose/scripts/create-namespace.sh. A namespace that already exists is left as it is, so this is safe on
# every `docker compose up`.
set -eu

TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACES="${NAMESPACES:-default}"
NAMESPACE_RETENTION="${NAMESPACE_RETENTION:-720h}"
MAX_ATTEMPTS="${MAX_ATTEMPTS:-60}"
SLEEP_SECONDS="${SLEEP_SECONDS:-5}"

attempt=1
until temporal operator cluster health --address "$TEMPORAL_ADDRESS"; do
  if [ "$attempt" -ge "$MAX_ATTEMPTS" ]; then
    echo "Temporal at $TEMPORAL_ADDRESS not healthy after $MAX_ATTEMPTS attempts" >&2
    exit 1
  fi
  echo "Waiting for Temporal at $TEMPORAL_ADDRESS (attempt $attempt/$MAX_ATTEMPTS)"
  attempt=$((attempt + 1))
  sleep "$SLEEP_SECONDS"
done

for namespace in $NAMESPACES; do
  attempt=1
  while :; do
    if temporal operator namespace describe --namespace "$namespace" --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; then
      echo "Namespace '$namespace' exists"
      break
    fi
    if temporal operator namespace create --namespace "$namespace" --retention "$NAMESPACE_RETENTION" \
        --address "$TEMPORAL_ADDRESS"; then
      echo "Namespace '$namespace' created (retention $NAMESPACE_RETENTION)"
      break
    fi
    if [ "$attempt" -ge "$MAX_ATTEMPTS" ]; then
      echo "Could not create namespace '$namespace' after $MAX_ATTEMPTS attempts" >&2
      exit 1
    fi
    echo "Namespace '$namespace' not ready yet (attempt $attempt/$MAX_ATTEMPTS)"
    attempt=$((attempt + 1))
    sleep "$SLEEP_SECONDS"
  done
done
