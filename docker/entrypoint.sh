#!/bin/sh
# Starts one Buurtgraaf process: the argument is its entry file (gateway/main.js,
# subgraphs/<kind>/main.js or a script, compiled). A database URL carries a password, so where no
# secretKeyRef exists (compose) it arrives as a file: <NAME>_DATABASE_URL_FILE and
# <NAME>_MIGRATION_DATABASE_URL_FILE are read here into the variables the config module reads.
set -eu
for name in $(env | sed -n 's/^\([A-Z0-9_]*_DATABASE_URL\)_FILE=.*/\1/p'); do
  file=$(printenv "${name}_FILE")
  value=$(cat "$file")
  export "$name=$value"
  unset "${name}_FILE"
done
exec node "$@"
