#!/usr/bin/env bash
# Runs the Lambda handler once on an SQS event file against the local stack (`enrich local up`),
# and prints the partial batch response. Catalogs the event names are registered first when the
# status table lacks them; pass --no-register to see what Lambda would do with an unknown catalog.
#
#   scripts/invoke-local.sh events/kitchen-two-batches.json
#   scripts/invoke-local.sh events/malformed-body.json; echo "exit $?"
#
# Exit codes: 0 every record succeeded, 1 some records failed, 2 bad event file, 4 stack unreachable.
# ENRICH_PROFILE (default local) picks another stack, for example a profile pointing at AWS.
set -euo pipefail

if [[ $# -lt 1 || "$1" == "-h" || "$1" == "--help" ]]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  [[ $# -ge 1 ]] && exit 0 || exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec "$here/enrich" --profile "${ENRICH_PROFILE:-local}" local invoke "$@"
