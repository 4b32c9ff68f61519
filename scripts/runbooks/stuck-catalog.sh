#!/usr/bin/env bash
# A stuck catalog: why has a catalog not finished, and what fixes it?
#
# When to use: a seller or a dashboard says a catalog is not progressing, or `enrich status ID`
# shows the same count for a long time.
#
#   scripts/runbooks/stuck-catalog.sh CATALOG_ID [--sample SECONDS] [--redrive [--wait SECONDS]]
#
# Reads the catalog's status, its messages in the dead-letter queue and the queues, watches its
# progress for --sample seconds (default 5), and prints a diagnosis and the command that fixes it:
#   - finished or cancelled: nothing to do;
#   - the submission stopped while sending: re-run the same submit (it resumes);
#   - batches in the DLQ: fix their cause (their last errors are printed), then redrive them;
#     --redrive does it (enrich redrive-dlq --catalog ID --yes), and --wait then waits up to
#     SECONDS for the catalog to finish;
#   - batches failing but not yet in the DLQ: SQS retries them; watch;
#   - progressing: nothing to do;
#   - batches queued but no message anywhere: the messages were lost or purged: escalate;
#   - messages waiting but nothing moving: the consumer is not running.
#
# Exit codes: 0 not stuck (finished, progressing, retrying; or redriven and, with --wait,
# finished); 1 stuck: action needed (printed); 2 bad usage; 3 unknown catalog; 4 AWS unreachable.

set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

catalog=""
sample=5
redrive=false
wait_seconds=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sample) [[ $# -ge 2 ]] && is_count "$2" || fail 2 "--sample takes a number of seconds"; sample="$2"; shift 2 ;;
    --redrive) redrive=true; shift ;;
    --wait) [[ $# -ge 2 ]] && is_count "$2" || fail 2 "--wait takes a number of seconds"; wait_seconds="$2"; shift 2 ;;
    -h|--help) usage 0 ;;
    -*) fail 2 "unknown option $1 (see --help)" ;;
    *) [[ -z $catalog ]] || fail 2 "one catalog id only"; catalog="$1"; shift ;;
  esac
done
[[ -n $catalog ]] || usage 2
[[ -z $wait_seconds || $redrive == true ]] || fail 2 "--wait goes with --redrive"

# status exits 1 for a catalog that finished with failures or was cancelled: still a status.
read_status() {
  local rc=0 out
  out=$(enrich_json status "$catalog") || rc=$?
  [[ $rc -le 1 && -n $out ]] || fail "$rc" "enrich status $catalog failed (exit $rc)"
  printf '%s' "$out"
}

describe() {
  jq -r '"\(.catalog_id): \(.state), \(.products_done)/\(.total_products) products done, batches: \(.batches.queued) queued, \(.batches.processing) processing, \(.batches.completed) completed, \(.batches.failing) failing, \(.batches.cancelled) cancelled"' <<<"$1"
}

# await_finished SECONDS: polls the status until the catalog is finished or SECONDS have passed.
await_finished() {
  local deadline=$(( SECONDS + $1 )) state
  while true; do
    status=$(read_status) || exit $?
    state=$(jq -r .state <<<"$status")
    case $state in
      COMPLETED|COMPLETED_WITH_FAILURES|CANCELLED) return 0 ;;
    esac
    (( SECONDS < deadline )) || return 1
    sleep 2
  done
}

status=$(read_status)
say "$(describe "$status")"
case $(jq -r .state <<<"$status") in
  COMPLETED) say "not stuck: completed"; exit 0 ;;
  COMPLETED_WITH_FAILURES)
    say "not stuck: completed; $(jq -r .failed <<<"$status") product(s) failed (see: enrich status $catalog --failures)"
    exit 0 ;;
  CANCELLED) say "not stuck: cancelled"; exit 0 ;;
  SENDING)
    say "STUCK: the submission stopped before every batch was sent (the submit was interrupted)."
    say "fix: run the same enrich submit command again: it sends only the batches not yet queued"
    exit 1 ;;
esac

rc=0
peek=$(enrich_json dlq peek --catalog "$catalog" --max 10000) || rc=$?
[[ $rc -eq 0 ]] || fail "$rc" "enrich dlq peek failed (exit $rc)"
dead=$(jq '.messages | length' <<<"$peek")
if (( dead > 0 )); then
  say "$dead batch(es) of $catalog are in the dead-letter queue, with these last errors:"
  jq -r '.messages[] | "  \(.batch_id // "-")  attempts \(.attempts // "-")  \(.last_error // .body_problem // "no error recorded")"' <<<"$peek"
  if [[ $redrive != true ]]; then
    say "STUCK: fix the cause above, then: $0 $catalog --redrive --wait 600"
    exit 1
  fi
  rc=0
  moved=$(enrich_json redrive-dlq --catalog "$catalog" --yes) || rc=$?
  [[ $rc -eq 0 ]] || fail "$rc" "enrich redrive-dlq failed (exit $rc)"
  say "redriven: $(jq -r '"\(.messages_moved) message(s) back in the batch queue, \(.batches_requeued) batch(es) queued again"' <<<"$moved")"
  if [[ -n $wait_seconds ]]; then
    if await_finished "$wait_seconds"; then
      say "$(describe "$status")"
      dead=$(enrich_json dlq peek --catalog "$catalog" | jq '.messages | length')
      if (( dead > 0 )); then
        say "STUCK: $dead batch(es) went back to the dead-letter queue: the cause is not fixed"
        exit 1
      fi
      say "finished"
      exit 0
    fi
    say "$(describe "$status")"
    say "STUCK: not finished after $wait_seconds s; run this runbook again to see why"
    exit 1
  fi
  exit 0
fi

before=$(jq .products_done <<<"$status")
sleep "$sample"
status=$(read_status)
after=$(jq .products_done <<<"$status")
if (( after > before )) || [[ $(jq -r .state <<<"$status") == COMPLETED* ]]; then
  say "not stuck: progressing, $(( after - before )) product(s) done in the last $sample s"
  exit 0
fi
failing=$(jq .batches.failing <<<"$status")
processing=$(jq .batches.processing <<<"$status")
if (( failing > 0 )); then
  say "retrying: $failing batch(es) failed their last attempt; SQS delivers them again until the queue's"
  say "maxReceiveCount, then moves them to the dead-letter queue. Their errors: enrich status $catalog --failures"
  exit 0
fi
if (( processing > 0 )); then
  say "not stuck: $processing batch(es) are being processed (a slow provider, or one waiting for tokens)"
  exit 0
fi

rc=0
stats=$(enrich_json queue stats) || rc=$?
[[ $rc -eq 0 ]] || fail "$rc" "enrich queue stats failed (exit $rc)"
in_queue=$(jq '.queues[] | select(.role == "source") | .visible + .in_flight + .delayed' <<<"$stats")
queued=$(jq .batches.queued <<<"$status")
if (( in_queue == 0 )); then
  say "STUCK: $queued batch(es) are queued but neither the batch queue nor the dead-letter queue holds a message:"
  say "their messages were lost (a purged queue, or messages past the retention period). Escalate: the batches"
  say "must be sent again (enrich status $catalog --batches --state QUEUED lists them)."
  exit 1
fi
say "STUCK: $in_queue message(s) wait in the batch queue but nothing moved in $sample s: is the consumer running?"
say "(AWS: the Lambda's SQS event source mapping is enabled and the function healthy; locally: enrich worker)"
exit 1
