#!/usr/bin/env bash
# The action's candor step: turns the inputs (INPUT_* in the environment,
# never interpolated into the script) into one candor command.
set -euo pipefail
bin="${CANDOR_BIN:?}"
case "${INPUT_COMMAND:-run}" in
  run)
    args=(run --config "$INPUT_CONFIG" --out "$INPUT_OUT")
    if [ -n "${INPUT_RESULTS:-}" ]; then args+=(--results "$INPUT_RESULTS"); fi
    if [ -n "${INPUT_VANTAGE:-}" ]; then args+=(--vantage "$INPUT_VANTAGE"); fi
    if [ -n "${INPUT_ROUND_AT:-}" ]; then args+=(--round-at "$INPUT_ROUND_AT"); fi
    case "${INPUT_PROBE:-true}" in
      true) ;;
      false) args+=(--probe=false) ;;
      *) echo "::error title=candor::input probe: want true or false, got '$INPUT_PROBE'"; exit 2 ;;
    esac
    "$bin" "${args[@]}" ;;
  check)
    # Annotate every problem, still build the preview, then fail.
    code=0
    "$bin" check --config "$INPUT_CONFIG" || code=$?
    "$bin" build --config "$INPUT_CONFIG" --out "$INPUT_OUT" || code=$((code ? code : $?))
    echo "site=$INPUT_OUT" >> "$GITHUB_OUTPUT"
    exit "$code" ;;
  probe)
    # One vantage point's round, written to the results file for a later
    # job's candor run to merge.
    : "${INPUT_VANTAGE:?input vantage: the command probe needs the vantage point it probes as}"
    : "${INPUT_RESULTS:?input results: the command probe needs the results file to write}"
    args=(probe --config "$INPUT_CONFIG" --vantage "$INPUT_VANTAGE" --out "$INPUT_RESULTS")
    if [ -n "${INPUT_COMPONENTS:-}" ]; then args+=(--components "$INPUT_COMPONENTS"); fi
    if [ -n "${INPUT_SHARD:-}" ]; then args+=(--shard "$INPUT_SHARD"); fi
    "$bin" "${args[@]}" ;;
  *)
    echo "::error title=candor::input command: want run, check or probe, got '$INPUT_COMMAND'"
    exit 2 ;;
esac
