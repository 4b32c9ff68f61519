#!/usr/bin/env bash
# Redrive after a provider outage: put the batches the dead-letter queue collected during a Keepa
# or MongoDB outage back on the batch queue, and check that they complete this time.
#
# When to use: the outage is over (the provider answers again, MongoDB accepts writes) and
# queue-health.sh reports messages in the DLQ. Not before: redriven batches would fail again and
# return to the DLQ after maxReceiveCount receives.
#
#   scripts/runbooks/redrive-after-outage.sh --dry-run [--catalog ID]
#   scripts/runbooks/redrive-after-outage.sh --yes [--catalog ID] [--rate N] [--wait SECONDS]
#
# 1. Shows what the DLQ holds, per catalog, with the batches' last errors: check that they name
#    the outage, and that it is over.
# 2. Redrives: the whole DLQ with an SQS message move task (at up to --rate messages a second), or
#    the messages of one catalog (--catalog). Their batches go from FAILED back to QUEUED.
# 3. With --wait: waits up to SECONDS for every affected catalog to finish, then checks that none
#    of their batches came back to the DLQ.
# --dry-run stops after 1 (and says what would move); --yes is required to move anything.
#
# Exit codes: 0 nothing to redrive, or redriven (and with --wait: every affected catalog finished
# and none of its batches is back in the DLQ); 1 batches came back to the DLQ, a catalog did not
# finish in time, or the move task was cancelled; 2 bad usage (neither --yes nor --dry-run);
# 3 the queue, its DLQ, the status table or the catalog does not exist; 4 AWS failed.

set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

mode=""
catalog=""
rate=""
wait_seconds=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --yes) mode=redrive; shift ;;
    --dry-run) mode=dry-run; shift ;;
    --catalog) [[ $# -ge 2 ]] || fail 2 "--catalog takes a catalog id"; catalog="$2"; shift 2 ;;
    --rate) [[ $# -ge 2 ]] && is_count "$2" || fail 2 "--rate takes a number"; rate="$2"; shift 2 ;;
    --wait) [[ $# -ge 2 ]] && is_count "$2" || fail 2 "--wait takes a number of seconds"; wait_seconds="$2"; shift 2 ;;
    -h|--help) usage 0 ;;
    *) fail 2 "unknown argument $1 (see --help)" ;;
  esac
done
[[ -n $mode ]] || fail 2 "say --dry-run to see what would move, or --yes to move it (see --help); nothing moved"

filter=()
[[ -z $catalog ]] || filter=(--catalog "$catalog")

# 1. What the DLQ holds, and why.
rc=0
peek=$(enrich_json dlq peek --max 10000 ${filter[@]+"${filter[@]}"}) || rc=$?
[[ $rc -eq 0 ]] || fail "$rc" "enrich dlq peek failed (exit $rc)"
found=$(jq '.messages | length' <<<"$peek")
if (( found == 0 )); then
  say "nothing to redrive: the dead-letter queue holds no message${catalog:+ of catalog $catalog}"
  exit 0
fi
say "the dead-letter queue holds $found message(s)$(jq -r 'if .more then " (at least)" else "" end' <<<"$peek"):"
jq -r '.messages | group_by(.catalog_id) | .[] |
  "  \(.[0].catalog_id // "(not a batch)")\t\(length) batch(es)\tlast errors: \([.[] | .last_error // .body_problem // "none recorded"] | unique | join(" | "))"' <<<"$peek"
catalogs=$(jq -r '[.messages[].catalog_id | select(. != null)] | unique | .[]' <<<"$peek")

rate_flag=()
[[ -z $rate ]] || rate_flag=(--rate "$rate")
if [[ $mode == dry-run ]]; then
  "$enrich_cmd" redrive-dlq --dry-run ${filter[@]+"${filter[@]}"} ${rate_flag[@]+"${rate_flag[@]}"}
  exit 0
fi

# 2. The redrive.
rc=0
report=$(enrich_json redrive-dlq --yes ${filter[@]+"${filter[@]}"} ${rate_flag[@]+"${rate_flag[@]}"}) || rc=$?
if [[ -z $report ]]; then
  fail "$rc" "enrich redrive-dlq failed (exit $rc)"
fi
say "$(jq -r '"redrive \(.outcome) (\(.mode)): \(.messages_moved) message(s) moved, \(.batches_requeued) batch(es) queued again, \(.dlq_depth_after) left in the DLQ"' <<<"$report")"
[[ $rc -eq 0 ]] || exit "$rc"
[[ -n $wait_seconds ]] || exit 0

# 3. Did they complete this time?
deadline=$(( SECONDS + wait_seconds ))
unfinished=()
for c in $catalogs; do
  while true; do
    rc=0
    status=$(enrich_json status "$c") || rc=$?
    [[ $rc -le 1 && -n $status ]] || fail "$rc" "enrich status $c failed (exit $rc)"
    state=$(jq -r .state <<<"$status")
    if [[ $state == COMPLETED* || $state == CANCELLED ]]; then
      say "$(jq -r '"\(.catalog_id): \(.state), \(.products_done)/\(.total_products) products done"' <<<"$status")"
      break
    fi
    if (( SECONDS >= deadline )); then
      unfinished+=("$c")
      say "$(jq -r '"\(.catalog_id): still \(.state) after the wait, \(.products_done)/\(.total_products) products done"' <<<"$status")"
      break
    fi
    sleep 2
  done
done
back=$(enrich_json dlq peek --max 10000 ${filter[@]+"${filter[@]}"} | jq --arg cs "$catalogs" \
  '[.messages[] | select(.catalog_id != null and (.catalog_id as $c | $cs | split("\n") | index($c)))] | length')
if (( back > 0 )); then
  say "FAILED AGAIN: $back batch(es) are back in the dead-letter queue: the cause is not fixed (see: enrich dlq peek)"
  exit 1
fi
if (( ${#unfinished[@]} > 0 )); then
  say "not finished within $wait_seconds s: ${unfinished[*]} (follow with: enrich status ID --watch)"
  exit 1
fi
say "done: every affected catalog finished, none of their batches is in the dead-letter queue"
