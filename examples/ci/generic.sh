#!/usr/bin/env bash
# Blastwall CI gate for any CI system (GitHub Actions calls it too: examples/ci/github-actions.yml).
# Documented in docs/ci.md.
#
#   generic.sh CHANGE...      plan JSON (`tofu show -json tfplan`), a binary plan (converted with `$TOFU show -json`),
#                             Kubernetes manifests (files or directories) or a Blastwall change file
#
# Environment:
#   BLASTWALL_ESTATE     required: estate file(s), comma-separated
#   BLASTWALL_POLICIES   policy files or directories, comma-separated (default: the bundled pack)
#   BLASTWALL            how to run blastwall (default: blastwall; e.g. "java -jar /opt/blastwall.jar")
#   BLASTWALL_OUT        where the outputs go (default: blastwall-out)
#   BLASTWALL_SOURCE_ROOT  SARIF paths are relative to it: the repository root (default: the working directory)
#   BLASTWALL_SERVER     the control plane; when set, a change that needs approval is submitted there
#   BLASTWALL_TOKEN      its API token (a CI secret; never echoed)
#   BLASTWALL_TITLE      title of the submitted change (default: the plan's)
#   BLASTWALL_ON_APPROVAL  pass (default) or fail: the job's result while a change waits for approval
#   TOFU                 tofu or terraform, to convert a binary plan (default: tofu)
#
# Outputs in $BLASTWALL_OUT: blastwall.sarif (code scanning), comment.md (pull-request comment), result.env
# (verdict=, exit_code=, change_id=, change_url=), also appended to $GITHUB_OUTPUT when that is set.
#
# Exit: 0 allowed (or waiting for approval with BLASTWALL_ON_APPROVAL=pass), 10 waiting for approval with
# BLASTWALL_ON_APPROVAL=fail, 20 denied; any other code is a failure of the gate itself (bad input 2, internal 1),
# and the job fails closed.
set -uo pipefail

: "${BLASTWALL_ESTATE:?set BLASTWALL_ESTATE to the estate file(s)}"
[ "$#" -ge 1 ] || { echo "usage: $0 CHANGE..." >&2; exit 2; }
read -r -a bw <<<"${BLASTWALL:-blastwall}"
out="${BLASTWALL_OUT:-blastwall-out}"
on_approval="${BLASTWALL_ON_APPROVAL:-pass}"
case "$on_approval" in pass|fail) ;; *) echo "BLASTWALL_ON_APPROVAL: expected pass or fail, found '$on_approval'" >&2; exit 2;; esac
mkdir -p "$out"

# a binary plan is not JSON: convert it the way `tofu show -json` does (the plan must be readable by that binary)
changes=()
for c in "$@"; do
  if [ -f "$c" ] && [ "$(head -c 2 "$c")" = "PK" ]; then  # a plan file is a zip archive
    json="$out/$(basename "$c").json"
    "${TOFU:-tofu}" show -json "$c" >"$json" || { echo "blastwall: cannot convert the binary plan $c" >&2; exit 2; }
    changes+=("$json")
  else
    changes+=("$c")
  fi
done
change_list=$(IFS=,; echo "${changes[*]}")

args=(check --estate "$BLASTWALL_ESTATE" --change "$change_list" --no-color
      --sarif-out "$out/blastwall.sarif" --markdown-out "$out/comment.md" --source-root "${BLASTWALL_SOURCE_ROOT:-.}")
[ -n "${BLASTWALL_POLICIES:-}" ] && args+=(--policies "$BLASTWALL_POLICIES")
"${bw[@]}" "${args[@]}"
code=$?
case "$code" in
  0) verdict=allow ;;
  10) verdict=needs-approval ;;
  20) verdict=deny ;;
  *) echo "blastwall: the check itself failed (exit $code): failing closed" >&2; exit "$code" ;;
esac

change_id="" change_url=""
if [ "$verdict" = needs-approval ] && [ -n "${BLASTWALL_SERVER:-}" ]; then
  sargs=(submit --change "$change_list" --format text)
  [ -n "${BLASTWALL_TITLE:-}" ] && sargs+=(--title "$BLASTWALL_TITLE")
  "${bw[@]}" "${sargs[@]}" >"$out/submit.txt" 2>"$out/submit.err"
  scode=$?
  cat "$out/submit.txt"; cat "$out/submit.err" >&2
  line=$(grep -m1 '^blastwall: submitted change ' "$out/submit.err" || true)
  case "$scode" in
    0|10|20) ;;
    *) echo "blastwall: submitting to $BLASTWALL_SERVER failed (exit $scode): failing closed" >&2; exit "$scode" ;;
  esac
  if [ -n "$line" ]; then
    rest=${line#blastwall: submitted change }
    change_id=${rest%%: *}
    change_url=${rest#*: }
    printf '\n**Submitted for approval:** [%s](%s)\n' "$change_id" "$change_url" >>"$out/comment.md"
    echo "blastwall: approve or reject it at $change_url"
  fi
  # the server's verdict is the one that counts (its policies and estate may be newer than this checkout's)
  [ "$scode" = 20 ] && verdict=deny && code=20
fi

{
  echo "verdict=$verdict"
  echo "exit_code=$code"
  echo "change_id=$change_id"
  echo "change_url=$change_url"
} | tee "$out/result.env" >>"${GITHUB_OUTPUT:-/dev/null}"

case "$verdict" in
  allow) exit 0 ;;
  deny) echo "blastwall: DENIED: this change must not proceed" >&2; exit 20 ;;
  needs-approval)
    if [ -z "$change_url" ]; then echo "blastwall: needs approval (set BLASTWALL_SERVER to submit it for approval)" >&2; fi
    [ "$on_approval" = fail ] && exit 10
    exit 0 ;;
esac
