#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine too: installs what is missing, starts Redis and
# RabbitMQ if they are not running, then builds and runs every unit and integration test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/ensure-deps.sh
mvn -B verify
