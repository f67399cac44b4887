#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine too: installs what is missing, starts Redis and
# RabbitMQ if they are not running, provides the Celery 5.5 tree (cached after the first run), then
# builds and runs every unit and integration test, against Debian 12's Celery 5.2 and Celery 5.5.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/ensure-deps.sh
bash scripts/celery55.sh
mvn -B verify
