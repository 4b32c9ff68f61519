#!/usr/bin/env bash
# Queue health check: is the batch queue draining, and does the dead-letter queue hold anything?
#
# When to use: on a schedule or an alert (DLQ not empty, queue backing up), after a deploy of the
# consumer, and first thing when something looks wrong.
#
#   scripts/runbooks/queue-health.sh [--max-visible N]
#
# Prints the batch queue and its DLQ (waiting, in flight, delayed, oldest message) and a verdict:
# HEALTHY, or one ATTENTION line per problem with the runbook to follow. Problems: messages in the
# DLQ; a DLQ move task that FAILED; more than N messages waiting (--max-visible).
#
# Exit codes: 0 healthy; 1 attention needed; 2 bad usage; 3 the queue, its DLQ or the status
# table does not exist; 4 AWS unreachable.
# Settings come from the environment, as for enrich (ENRICH_PROFILE, ENRICH_QUEUE, AWS_REGION, ...).

set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

max_visible=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --max-visible) [[ $# -ge 2 ]] && is_count "$2" || fail 2 "--max-visible takes a number"; max_visible="$2"; shift 2 ;;
    -h|--help) usage 0 ;;
    *) fail 2 "unknown argument $1 (see --help)" ;;
  esac
done

rc=0
stats=$(enrich_json queue stats) || rc=$?
[[ $rc -eq 0 ]] || fail "$rc" "enrich queue stats failed (exit $rc)"

jq -r '.queues[] | "\(.role | sub("_"; " "))\t\(.name)\twaiting \(.visible)\tin flight \(.in_flight)\tdelayed \(.delayed)\toldest \(if .oldest_age_seconds == null then .oldest_age_source else "\(.oldest_age_seconds)s (\(.oldest_age_source))" end)"' <<<"$stats"

problems=()
dlq=$(jq '[.queues[] | select(.role == "dead_letter") | .visible + .in_flight + .delayed] | add' <<<"$stats")
waiting=$(jq '.queues[] | select(.role == "source") | .visible' <<<"$stats")
task=$(jq -r '.move_task.status // "none"' <<<"$stats")
if [[ $task == RUNNING || $task == CANCELLING ]]; then
  say "a DLQ move task is running: $(jq -r '"\(.move_task.moved) of \(.move_task.to_move) moved"' <<<"$stats")"
fi
if (( dlq > 0 )) && [[ $task != RUNNING ]]; then
  problems+=("$dlq message(s) in the dead-letter queue: see what and why with scripts/runbooks/redrive-after-outage.sh --dry-run")
fi
if [[ $task == FAILED ]]; then
  problems+=("the last DLQ move task FAILED ($(jq -r '.move_task.failure_reason // "no reason given"' <<<"$stats")): run scripts/runbooks/redrive-after-outage.sh again")
fi
if [[ -n $max_visible ]] && (( waiting > max_visible )); then
  problems+=("$waiting messages wait in the batch queue (more than $max_visible): is the consumer running and keeping up?")
fi

if (( ${#problems[@]} > 0 )); then
  for p in "${problems[@]}"; do
    say "ATTENTION: $p"
  done
  exit 1
fi
say "HEALTHY"
