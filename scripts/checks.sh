#!/bin/sh
# Before the tests: the type check, the lint and the production build, side by
# side (none reads what another writes); fails, naming each that failed, if any does.
tsc --noEmit &
typecheck=$!
eslint . --max-warnings=0 &
lint=$!
buildlog=$(mktemp)
remix vite:build >"$buildlog" 2>&1 &
build=$!
failed=""
wait "$typecheck" || failed="$failed type-check"
wait "$lint" || failed="$failed lint"
if ! wait "$build"; then
  cat "$buildlog"
  failed="$failed build"
fi
rm -f "$buildlog"
if [ -n "$failed" ]; then
  echo "checks failed:$failed" >&2
  exit 1
fi
