#!/usr/bin/env bash
# Keeps one service running: starts the command, and when it exits (crash, OutOfMemoryError with
# -XX:+ExitOnOutOfMemoryError, SIGKILL) starts it again after a pause that doubles from 1 s up to
# 30 s, back to 1 s once a run lasted 60 s. Run it in its own session (setsid); the session is the
# unit that is stopped: SIGTERM (or SIGINT) to the supervisor or its process group stops the
# service and the supervisor without a restart.
#
#   supervise.sh <name> <state-dir> <command>...
#
# State, in <state-dir>: <name>.child (the service's current pid) and <name>.supervisor
# (key=value lines: restarts, last_exit, last_exit_at, started_at), read by `services.sh status`.
# Each start and exit is logged on stdout, which the caller sends to the service's log.
set -uo pipefail

name=$1 dir=$2
shift 2
[ $# -gt 0 ] || { echo "usage: supervise.sh <name> <state-dir> <command>..." >&2; exit 2; }
mkdir -p "$dir"
state="$dir/$name.supervisor" childfile="$dir/$name.child"
restarts=0 last_exit= last_exit_at= delay=1 stopping=0 child= child_started=

say() { printf '[supervisor %s] %s %s\n' "$(date -u +%FT%TZ)" "$name" "$*"; }

write_state() {
  local tmp="$state.tmp"
  printf 'restarts=%s\nlast_exit=%s\nlast_exit_at=%s\nstarted_at=%s\nsupervisor=%s\n' \
    "$restarts" "$last_exit" "$last_exit_at" "$child_started" "$$" >"$tmp"
  mv -f "$tmp" "$state"
}

stop() {
  stopping=1
  if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then kill -TERM "$child" 2>/dev/null; fi
}
trap stop TERM INT HUP

describe() { # exit status as wait gives it
  local code=$1
  if [ "$code" -gt 128 ]; then
    echo "$code (signal $(kill -l $((code - 128)) 2>/dev/null || echo $((code - 128))))"
  else
    echo "$code"
  fi
}

while :; do
  child_started=$(date -u +%FT%TZ)
  write_state
  "$@" &
  child=$!
  echo "$child" >"$childfile"
  say "started (pid $child, restarts so far: $restarts)"
  began=$SECONDS
  # wait returns early when a trapped signal arrives; keep waiting for the child itself.
  while :; do
    wait "$child"
    code=$?
    kill -0 "$child" 2>/dev/null || break
  done
  rm -f "$childfile"
  if [ "$stopping" = 1 ]; then
    say "stopped (exit $(describe "$code"))"
    exit 0
  fi
  last_exit=$(describe "$code")
  last_exit_at=$(date -u +%FT%TZ)
  restarts=$((restarts + 1))
  if [ $((SECONDS - began)) -ge 60 ]; then delay=1; fi
  say "exited with $last_exit; restart $restarts in ${delay}s"
  write_state
  sleep "$delay" &
  wait $! 2>/dev/null
  [ "$stopping" = 1 ] && { say "stopped while waiting to restart"; exit 0; }
  delay=$((delay * 2 > 30 ? 30 : delay * 2))
done
