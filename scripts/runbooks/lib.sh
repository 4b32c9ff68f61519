# Shared by the runbooks (sourced, not run). Every enrich call goes through scripts/enrich with the
# caller's environment (ENRICH_PROFILE, ENRICH_QUEUE, AWS_REGION, ...), so a runbook acts on the
# same stack as the enrich commands typed in the same shell.

runbooks_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
enrich_cmd="$runbooks_dir/../enrich"

# enrich_json ARGS...: runs `enrich ARGS... --output json`; its JSON goes to stdout, its messages to
# stderr, and its exit code is returned.
enrich_json() {
  "$enrich_cmd" "$@" --output json
}

# usage CODE: prints the script's header (its comment block after the shebang) and exits CODE.
usage() {
  sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit "$1"
}

# say TEXT: one line of the runbook's report, prefixed with the runbook's name.
say() {
  printf '%s: %s\n' "$(basename "$0" .sh)" "$*"
}

# fail CODE TEXT: one line on stderr, then exit CODE.
fail() {
  local code="$1"
  shift
  printf '%s: %s\n' "$(basename "$0" .sh)" "$*" >&2
  exit "$code"
}

# is_count TEXT: true when TEXT is a non-negative integer.
is_count() {
  [[ "$1" =~ ^[0-9]+$ ]]
}

command -v jq >/dev/null 2>&1 || fail 2 "jq is required (apt-get install jq, brew install jq)"
