#!/usr/bin/env bash
# Deploys the enrich stack (template.yaml) as enrich-ENV in REGION, then writes the profile
# [profile enrich-ENV] in ~/.enrich/config (or ENRICH_CONFIG_FILE) from the stack's outputs, so
# `enrich --profile enrich-ENV submit FILE` works against it at once.
#
#   scripts/deploy_lambda.sh ENV REGION [--param Key=Value]... [--dry-run]
#   scripts/deploy_lambda.sh dev us-east-1 --dry-run                  # print the commands, run nothing
#   scripts/deploy_lambda.sh test us-east-1 --param Provider=mock
#   scripts/deploy_lambda.sh staging eu-west-1 --param Provider=mock --param MaxConcurrency=4
#   scripts/deploy_lambda.sh dev us-east-1 --profile-from-outputs FILE  # only write the profile
#
# ENV is any name the template's Environment parameter allows (lowercase letters, digits and hyphens,
# starting with a letter, at most 48 characters: dev, test, staging, prod...); prod also turns on the
# table's deletion protection. --param sets any template parameter. The secrets are Secrets Manager
# secrets named enrich/ENV/mongodb-uri and enrich/ENV/keepa-api-key unless --param MongoDbUriSecret=
# and --param KeepaApiKeySecret= name others (KeepaApiKeySecret= empty for no Keepa). FILE holds
# the output of: aws cloudformation describe-stacks --query 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output text
# Needs java, mvn, sam (AWS SAM CLI), aws (AWS CLI) and AWS credentials; --dry-run needs none of them.
# Exit codes: 0 done, 1 the build failed, 2 usage error or a missing prerequisite, 4 an AWS step failed.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
me="deploy_lambda.sh"

usage() { # the comment block at the top of this file
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

fail() { # code message...
  local code="$1"
  shift
  echo "$me: $*" >&2
  exit "$code"
}

# --- arguments ---------------------------------------------------------------------------------
dry_run=false
outputs_file=""
params=()
positional=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --dry-run) dry_run=true ;;
    --param)
      [[ $# -ge 2 && "$2" == *=* ]] || fail 2 "--param needs Key=Value, for example --param Provider=mock"
      params+=("$2")
      shift
      ;;
    --profile-from-outputs)
      [[ $# -ge 2 ]] || fail 2 "--profile-from-outputs needs a file"
      outputs_file="$2"
      shift
      ;;
    -*) fail 2 "unknown option $1 (see --help)" ;;
    *) positional+=("$1") ;;
  esac
  shift
done
[[ ${#positional[@]} -eq 2 ]] || { usage >&2; fail 2 "expected ENV and REGION, got: ${positional[*]:-nothing}"; }
env_name="${positional[0]}"
region="${positional[1]}"
# The rule for ENV is the template's: its Environment parameter's AllowedPattern and
# ConstraintDescription, read from template.yaml so the two cannot drift apart.
template_environment() { # key: the value of key in the Environment parameter of template.yaml
  awk -v key="$1" '
    /^Parameters:/ { in_params = 1; next }
    in_params && /^[^ #]/ { exit }
    in_params && /^  [A-Za-z0-9]+:/ { in_env = ($1 == "Environment:"); next }
    in_env && $1 == key ":" { sub(/^[^:]*: */, ""); print; exit }
  ' "$home/template.yaml"
}
env_pattern="$(template_environment AllowedPattern)"
env_pattern="${env_pattern#\"}"
env_pattern="${env_pattern%\"}"
[[ -n "$env_pattern" ]] || fail 2 "cannot read the Environment parameter's AllowedPattern from $home/template.yaml"
if [[ ! "$env_name" =~ $env_pattern ]]; then
  env_rule="$(awk '
    /^  Environment:/ { in_env = 1; next }
    in_env && /^  [A-Za-z0-9]+:/ { exit }
    in_env && /ConstraintDescription:/ { reading = 1; next }
    reading && /^      / { sub(/^ +/, ""); text = text (text ? " " : "") $0; next }
    reading { exit }
    END { print text }
  ' "$home/template.yaml")"
  fail 2 "ENV \"$env_name\" ${env_rule:-does not match $env_pattern} (template.yaml, parameter Environment)"
fi
[[ "$region" =~ ^[a-z]{2}(-[a-z]+)+-[0-9]+$ ]] || fail 2 "REGION \"$region\" is not an AWS region like us-east-1"

stack="enrich-$env_name"
profile="enrich-$env_name"
config="${ENRICH_CONFIG_FILE:-$HOME/.enrich/config}"

# The value of parameter $1 among --param (the last one wins), or $2.
param() {
  local value="$2" p
  for p in ${params[@]+"${params[@]}"}; do
    [[ "${p%%=*}" == "$1" ]] && value="${p#*=}"
  done
  printf '%s' "$value"
}

has_param() {
  local p
  for p in ${params[@]+"${params[@]}"}; do
    [[ "${p%%=*}" == "$1" ]] && return 0
  done
  return 1
}

# --- the profile from the stack outputs ---------------------------------------------------------
# Replaces [profile NAME] in the config file (other profiles and comments stay as they are) with the
# region, queue URL and status table of the stack.
write_profile() { # outputs-file
  local file="$1" key value queue="" table="" dlq="" batch_size="" policy="" read_only="" stack_region=""
  [[ -r "$file" ]] || fail 2 "cannot read stack outputs from $file"
  while IFS=$'\t' read -r key value || [[ -n "$key" ]]; do
    value="${value%$'\r'}"
    case "$key" in
      QueueUrl) queue="$value" ;;
      StatusTableName) table="$value" ;;
      DeadLetterQueueUrl) dlq="$value" ;;
      BatchSize) batch_size="$value" ;;
      OperatorPolicyArn) policy="$value" ;;
      ReadOnlyPolicyArn) read_only="$value" ;;
      Region) stack_region="$value" ;;
    esac
  done <"$file"
  [[ -n "$queue" && -n "$table" ]] \
    || fail 4 "the outputs in $file lack QueueUrl or StatusTableName: is $stack deployed from this template?"
  [[ -z "$stack_region" || "$stack_region" == "$region" ]] \
    || fail 2 "the outputs in $file are from $stack_region, not $region"

  local section
  section="$(
    echo "[profile $profile]"
    echo "# Written by scripts/deploy_lambda.sh from the outputs of stack $stack; the next deploy replaces this section."
    echo "region = $region"
    echo "queue = $queue"
    echo "table = $table"
    [[ -n "$dlq" ]] && echo "# dead-letter queue: $dlq"
    [[ -n "$batch_size" ]] && echo "# products per message for this stack: enrich submit --batch-size $batch_size"
    [[ -n "$policy" ]] && echo "# IAM policy for the users of this profile: $policy"
    [[ -n "$read_only" ]] && echo "# IAM policy for those who only watch (status, list, export, queue stats, dlq peek, doctor): $read_only"
    true
  )"

  mkdir -p "$(dirname "$config")"
  local tmp
  tmp="$(mktemp "${config}.XXXXXX")"
  if [[ -f "$config" ]]; then
    # Drop the old section: from its header to the next header. Headers compare without blanks.
    awk -v name="$profile" '
      { line = $0; gsub(/[ \t\r]/, "", line) }
      line ~ /^\[/ { skipping = (line == "[profile" name "]") }
      !skipping { print }
    ' "$config" | awk 'NF { for (; blank > 0; blank--) print ""; print; next } { blank++ }' >"$tmp"
    [[ -s "$tmp" ]] && echo >>"$tmp"
  fi
  printf '%s\n' "$section" >>"$tmp"
  # Written through the old file, so its permissions stay (it may hold other profiles' secrets).
  cat "$tmp" >"$config"
  rm -f "$tmp"
  echo "$me: wrote [profile $profile] to $config: region $region, queue $queue, table $table" >&2
  echo "$me: next: scripts/enrich --profile $profile submit FILE${policy:+ (as an IAM identity with the policy $policy)}" >&2
}

if [[ -n "$outputs_file" ]]; then
  write_profile "$outputs_file"
  exit 0
fi

# --- prerequisites ------------------------------------------------------------------------------
install_hint() {
  case "$1" in
    java) echo "a JDK 17 or later" ;;
    mvn) echo "Apache Maven 3.8 or later" ;;
    sam) echo "the AWS SAM CLI: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/install-sam-cli.html" ;;
    aws) echo "the AWS CLI: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html" ;;
  esac
}
missing=()
for tool in java mvn sam aws; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
for tool in ${missing[@]+"${missing[@]}"}; do
  if $dry_run; then
    echo "$me: note: $tool is not installed ($(install_hint "$tool")); a real run would stop here" >&2
  else
    echo "$me: $tool is not installed or not on PATH: install $(install_hint "$tool")" >&2
  fi
done
if [[ ${#missing[@]} -gt 0 ]] && ! $dry_run; then
  exit 2
fi
if command -v sha256sum >/dev/null 2>&1; then
  sha256() { sha256sum | cut -c1-16; }
elif command -v shasum >/dev/null 2>&1; then
  sha256() { shasum -a 256 | cut -c1-16; }
else
  $dry_run || fail 2 "neither sha256sum nor shasum is installed (needed for ConfigRevision)"
fi

# --- commands -----------------------------------------------------------------------------------
# Prints a command the way a shell reads it back, then runs it (or only prints it with --dry-run).
show() {
  local out="" arg
  for arg in "$@"; do
    if [[ "$arg" =~ ^[A-Za-z0-9_./:=@,+%-]+$ ]]; then
      out+="$arg "
    elif [[ "$arg" != *[\"\$\`\\!]* ]]; then
      out+="\"$arg\" "
    else
      out+="'${arg//\'/\'\\\'\'}' "
    fi
  done
  printf '%s\n' "${out% }"
}

run() {
  if $dry_run; then
    show "$@"
  else
    show "$@" | sed 's/^/+ /' >&2
    "$@"
  fi
}

cd "$home"
$dry_run && echo "cd $(show "$home")"

# Template parameters: ENV, the secrets' names by convention, then --param as given.
mongo_secret="$(param MongoDbUriSecret "enrich/$env_name/mongodb-uri")"
keepa_default="enrich/$env_name/keepa-api-key"
if [[ "$(param Provider keepa)" != keepa && "$(param ProviderFallback "")" != keepa ]]; then
  keepa_default="" # no Keepa, no key to resolve
fi
keepa_secret="$(param KeepaApiKeySecret "$keepa_default")"
overrides=("Environment=$env_name" "MongoDbUriSecret=$mongo_secret" "KeepaApiKeySecret=$keepa_secret")
for p in ${params[@]+"${params[@]}"}; do
  case "${p%%=*}" in
    Environment | MongoDbUriSecret | KeepaApiKeySecret | ConfigRevision) ;;
    *) overrides+=("$p") ;;
  esac
done
has_param Environment && [[ "$(param Environment "")" != "$env_name" ]] \
  && fail 2 "--param Environment=$(param Environment "") contradicts ENV $env_name"

# 1. credentials
if $dry_run; then
  show aws sts get-caller-identity --region "$region" --query Account --output text
else
  account="$(aws sts get-caller-identity --region "$region" --query Account --output text 2>/dev/null)" \
    || fail 2 "no usable AWS credentials for $region: configure them (aws configure, AWS_PROFILE, aws sso login) and run again"
  echo "$me: deploying $stack to account $account in $region" >&2
fi

# 2. the function's jar, under the version-free name template.yaml points at
run mvn -B -q -pl lambda -am clean package -DskipTests || fail 1 "the build failed (see above)"
if $dry_run; then
  show cp lambda/target/enrich-lambda-VERSION-aws.jar lambda/target/enrich-lambda-aws.jar
else
  jars=(lambda/target/enrich-lambda-*-aws.jar)
  [[ ${#jars[@]} -eq 1 && -f "${jars[0]}" ]] || fail 1 "expected one shaded jar in lambda/target, found: ${jars[*]}"
  run cp "${jars[0]}" lambda/target/enrich-lambda-aws.jar
fi

# 3. ConfigRevision: SAM publishes a new version (and SnapStart a new snapshot) only when the code or
# this value changes, so it is a digest of every parameter and of the secrets' current versions.
secret_version() { # secret-id
  run aws secretsmanager list-secret-version-ids --secret-id "$1" --region "$region" \
    --query "Versions[?contains(VersionStages, 'AWSCURRENT')].VersionId | [0]" --output text
}
if $dry_run; then
  secret_version "$mongo_secret"
  [[ -n "$keepa_secret" ]] && secret_version "$keepa_secret"
  revision="DIGEST"
  echo "# DIGEST: the first 16 hex digits of the SHA-256 of the parameters below and the version ids above"
else
  versions="$(secret_version "$mongo_secret")" \
    || fail 4 "cannot read secret $mongo_secret in $region: create it (aws secretsmanager create-secret --name $mongo_secret --secret-string URI) or name another with --param MongoDbUriSecret="
  if [[ -n "$keepa_secret" ]]; then
    versions+=" $(secret_version "$keepa_secret")" \
      || fail 4 "cannot read secret $keepa_secret in $region: create it or pass --param KeepaApiKeySecret= with --param Provider=mock"
  fi
  revision="$(printf '%s\n' "${overrides[@]}" "$versions" | sha256)"
fi
overrides+=("ConfigRevision=$revision")

# sam deploy reads each override as Key=Value up to a blank, and an empty or spaced value only in
# double quotes (Key=""), so quote those.
sam_overrides=()
for p in "${overrides[@]}"; do
  value="${p#*=}"
  if [[ -z "$value" || "$value" == *[[:space:]\"\\]* ]]; then
    value="${value//\\/\\\\}"
    p="${p%%=*}=\"${value//\"/\\\"}\""
  fi
  sam_overrides+=("$p")
done

# 4. build and deploy
run sam build --template-file template.yaml --build-dir .aws-sam/build
run sam deploy --template-file .aws-sam/build/template.yaml --stack-name "$stack" --region "$region" \
  --capabilities CAPABILITY_IAM --resolve-s3 --no-confirm-changeset --no-fail-on-empty-changeset \
  --tags project=enrich "environment=$env_name" --parameter-overrides "${sam_overrides[@]}" \
  || fail 4 "sam deploy of $stack failed (see above; the stack events: aws cloudformation describe-stack-events --stack-name $stack --region $region)"

# 5. the profile
outputs_query='Stacks[0].Outputs[].[OutputKey,OutputValue]'
if $dry_run; then
  show aws cloudformation describe-stacks --stack-name "$stack" --region "$region" --query "$outputs_query" --output text
  echo "# then: [profile $profile] in $config from those outputs (--profile-from-outputs does only this)"
  exit 0
fi
outputs="$(mktemp)"
trap 'rm -f "$outputs"' EXIT
aws cloudformation describe-stacks --stack-name "$stack" --region "$region" --query "$outputs_query" \
  --output text >"$outputs" || fail 4 "cannot read the outputs of stack $stack"
write_profile "$outputs"
