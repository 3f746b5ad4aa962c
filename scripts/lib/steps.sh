# shellcheck shell=bash
# Sourced by scripts/bootstrap.sh: set-up steps run side by side in the
# background, each with its output in a log file, and one progress line per
# step (what, how long so far) instead of the steps' own output:
#
#   step "pulumi engine" bash scripts/pulumi-engine.sh --ensure
#   steps_wait            # 0 when all succeeded; a failed step's log tail otherwise
#
# The caller sets STEPS_LOG_DIR (where the logs go) and defines log.

STEP_NAMES=()
STEP_PIDS=()
STEP_STARTED=()
STEP_LOGS=()
# Seconds between progress lines while steps run.
STEPS_EVERY=${STEPS_EVERY:-30}

# step NAME COMMAND...: runs COMMAND in the background, its output to a log.
step() {
  local name="$1"
  shift
  mkdir -p "$STEPS_LOG_DIR"
  local file="$STEPS_LOG_DIR/${name// /-}.log"
  "$@" >"$file" 2>&1 </dev/null &
  STEP_NAMES+=("$name")
  STEP_PIDS+=("$!")
  STEP_STARTED+=("$SECONDS")
  STEP_LOGS+=("$file")
}

# Waits for every step; prints each as it ends and, every STEPS_EVERY
# seconds, one line per step still running. Returns 1 if any step failed.
steps_wait() {
  local -a finished=()
  local failed=0 remaining=${#STEP_PIDS[@]} next=$((SECONDS + STEPS_EVERY)) i rc
  while ((remaining > 0)); do
    for i in "${!STEP_PIDS[@]}"; do
      [[ -z "${finished[i]:-}" ]] || continue
      kill -0 "${STEP_PIDS[i]}" 2>/dev/null && continue
      rc=0
      wait "${STEP_PIDS[i]}" || rc=$?
      finished[i]=1
      remaining=$((remaining - 1))
      if ((rc == 0)); then
        log "${STEP_NAMES[i]}: done in $((SECONDS - STEP_STARTED[i]))s"
      else
        failed=1
        log "${STEP_NAMES[i]}: FAILED after $((SECONDS - STEP_STARTED[i]))s (exit $rc); the end of ${STEP_LOGS[i]}:"
        tail -n 40 "${STEP_LOGS[i]}" | sed 's/^/    /' >&2
      fi
    done
    if ((remaining > 0 && SECONDS >= next)); then
      for i in "${!STEP_PIDS[@]}"; do
        [[ -n "${finished[i]:-}" ]] || log "${STEP_NAMES[i]}: running, $((SECONDS - STEP_STARTED[i]))s so far"
      done
      next=$((SECONDS + STEPS_EVERY))
    fi
    ((remaining == 0)) || sleep 0.2
  done
  return "$failed"
}
