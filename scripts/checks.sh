#!/bin/sh
# The type check and the lint, side by side (each uses one core): fails if either does.
tsc --noEmit &
typecheck=$!
eslint . --max-warnings=0
lint=$?
wait "$typecheck"
typecheck=$?
[ "$typecheck" -eq 0 ] && [ "$lint" -eq 0 ]
