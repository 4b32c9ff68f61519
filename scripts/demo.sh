#!/usr/bin/env bash
# The main job in one command: start the local stack in-process, submit a sample catalog, let the
# in-process worker enrich it (mock provider), wait for completion and print the final status.
# Exits 0 only if the catalog completed and MongoDB, DynamoDB and the catalog agree.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
catalog="${1:-$home/sample-catalogs/outdoor-80.json}"

exec "$home/scripts/enrich" local run "$catalog"
