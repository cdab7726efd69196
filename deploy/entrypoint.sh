#!/bin/sh
# Starts the service this image was built for.
set -eu
case "$CODEATLAS_SERVICE" in
  gateway) exec python -m gateway --host 0.0.0.0 --port 8000 ;;
  *) exec uvicorn "${CODEATLAS_SERVICE}.app:create_app" --factory --host 0.0.0.0 --port 8000 \
       --no-access-log ;;
esac
