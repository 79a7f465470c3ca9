#!/usr/bin/env bash
# tests/cli/0001-cli.sh: global CLI behaviour: help, version, unknown
# commands, exit codes for bad usage.
. "$DD_ROOT/tests/lib/cli.sh"

dd --version
check_rc "--version exits 0" 0
check_out "--version prints the version" '^drydock [0-9]+\.[0-9]+\.[0-9]+$'

dd help
check_rc "help exits 0" 0
check_out "help lists scan" '^  scan '
check_out "help lists the exit codes" 'Exit codes'

dd
check_rc "no command is bad usage (2)" 2

dd frobnicate
check_rc "unknown command exits 2" 2
check_err "unknown command is named" "unknown command 'frobnicate'"

dd help frobnicate
check_rc "help for an unknown command exits 2" 2

for c in scan sbom inspect db version help; do
	dd "$c" --help
	check_rc "$c --help exits 0" 0
	check_out "$c --help prints usage" "^usage: drydock $c"
	dd help "$c"
	check_out "help $c prints the same usage" "^usage: drydock $c"
done

dd --quiet --cache-dir "$T/cache" help
check_rc "global options before the command" 0
dd help --debug
check_err "--debug logs to stderr" 'command help'
