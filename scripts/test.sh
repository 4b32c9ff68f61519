#!/usr/bin/env bash
# The test command: unit tests, then integration tests against the real local servers
# (ElasticMQ and mongo-java-server embedded, dynalite installed with npm ci from the lock file).
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
exec mvn -B verify "$@"
