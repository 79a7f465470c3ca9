#!/usr/bin/env bash
# tests/lib/validate-json.sh SCHEMA DOC.json: validates DOC against one of the
# official schemas in ../shared/schemas (bom-1.6.SNAPSHOT.schema.json,
# spdx-2.3.schema.json, ...) with ../shared/scripts/validate-json.js (ajv).
# Installs ajv@8 and ajv-formats@3 from npm into build/npm the first time.
# Exit 0 valid, 1 invalid (errors on stdout), 77 when node/npm are missing.
set -uo pipefail
ROOT=${DD_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
SHARED=${DD_SHARED:-$(cd "$ROOT/.." && pwd)/shared}
command -v node >/dev/null && command -v npm >/dev/null || exit 77
NPM=$ROOT/build/npm
if [ ! -d "$NPM/node_modules/ajv-formats" ]; then
	mkdir -p "$NPM"
	exec 9>"$NPM.lock"
	flock 9
	if [ ! -d "$NPM/node_modules/ajv-formats" ]; then
		(cd "$NPM" && [ -f package.json ] || echo '{"private":true}' > package.json
		 npm install --silent --no-audit --no-fund ajv@8 ajv-formats@3 >/dev/null 2>&1) || exit 77
	fi
fi
NODE_PATH=$NPM/node_modules node "$SHARED/scripts/validate-json.js" "$SHARED/schemas" "$1" "$2"
