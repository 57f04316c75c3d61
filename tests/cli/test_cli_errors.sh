#!/bin/bash
# SPDX-License-Identifier: MIT
# Issue 15: what can be checked before the first packet is checked then, with exit 2 and words
# that say what is wrong, and no secret in any message. Every case ends before a connection
# (the server, 127.0.0.1:9, is never reached; exit 2, not a network exit code, proves it).
#   security 5: --password=VALUE is named without its value, and the password sources are listed
#   security 7: a config file's content is never echoed (a symlink to a secret file)
#   bug 5: --route with host bits, a 300-character password, a missing --cafile, an unset
#          --password-env, an empty password file, `--user --password-file pw`,
#          `cleanup --help` and `down --help`
. "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

SECRET=Hunter2-not-for-logs
PW=$CLI_TMP/pw
printf '%s\n' "$SECRET" >"$PW"
chmod 600 "$PW"
run_connect() { # WANT_EXIT ARGS...
	local want=$1
	shift
	cli_run "$want" env -u SSTPX_PASSWORD "$SSTPX" connect 127.0.0.1:9 --user u "$@"
	cli_err_lacks "$SECRET" "connect $*"
}

# security 5
for arg in "--password=$SECRET" "--pass=$SECRET" "--password"; do
	cli_run 2 "$SSTPX" connect 127.0.0.1:9 --user u "$arg"
	cli_err_lacks "$SECRET" "$arg"
	cli_err_has "--password-command" "$arg: the password sources"
	cli_err_has "--password-file" "$arg: the password sources"
done
run_connect 2 --password-env "$SECRET=x"
echo "security 5: --password=VALUE and --pass=VALUE refused without echoing the value"

# security 7: --config pointing at a secret (a symlink to it): file and line only.
ln -s "$PW" "$CLI_TMP/link.conf"
run_connect 2 --config "$CLI_TMP/link.conf"
cli_err_has "link.conf:1: unknown key (the line is not shown" "a config file of one word"
printf 'mtu = %s\n' "$SECRET" >"$CLI_TMP/bad.conf"
chmod 600 "$CLI_TMP/bad.conf"
run_connect 2 --config "$CLI_TMP/bad.conf"
cli_err_has "bad.conf:1: mtu: not a number between 576 and 1500" "a bad value"
printf '%s = 1\n' "$SECRET" >"$CLI_TMP/key.conf"
chmod 600 "$CLI_TMP/key.conf"
run_connect 2 --config "$CLI_TMP/key.conf"
cli_err_has "key.conf:1: unknown key (the line is not shown" "an unknown key"
echo "security 7: config errors name the file, the line and a known key, never the content"

# bug 5: routes with host bits
run_connect 2 --password-file "$PW" --route 10.1.2.3/8
cli_err_has '--route: "10.1.2.3/8": host bits set; did you mean 10.0.0.0/8?' "--route 10.1.2.3/8"
run_connect 2 --password-file "$PW" --route fd00::1/64
cli_err_has 'did you mean fd00::/64?' "--route fd00::1/64"

# the password's length: MS-CHAPv2 allows 256 UTF-16 characters (RFC 2759 8.1)
head -c 300 /dev/zero | tr '\0' a >"$CLI_TMP/long"
chmod 600 "$CLI_TMP/long"
run_connect 2 --password-file "$CLI_TMP/long"
cli_err_has "longer than MS-CHAPv2 allows (256 characters" "a 300-character password"
printf '%s' "$(head -c 257 /dev/zero | tr '\0' a)" >"$CLI_TMP/long"
run_connect 2 --password-file "$CLI_TMP/long"
cli_err_has "longer than MS-CHAPv2 allows" "a 257-character password"
# 256 two-byte characters (512 bytes) are within the limit: the connection is tried (refused, exit 4).
printf '%s' "$(for ((i = 0; i < 256; i++)); do printf '\xc3\xa9'; done)" >"$CLI_TMP/long"
run_connect 4 --password-file "$CLI_TMP/long" --cafile "$PW"
printf '\xff\xfe\n' >"$CLI_TMP/bin"
chmod 600 "$CLI_TMP/bin"
run_connect 2 --password-file "$CLI_TMP/bin"
cli_err_has "not valid UTF-8" "a password that is not UTF-8"

# a user name past what PAP and MS-CHAPv2 carry (255 bytes)
cli_run 2 "$SSTPX" connect 127.0.0.1:9 --user "$(head -c 256 /dev/zero | tr '\0' u)" --password-file "$PW"
cli_err_has "longer than 255 bytes" "a 256-byte user name"

# a missing --cafile
run_connect 2 --password-file "$PW" --cafile "$CLI_TMP/missing.pem"
cli_err_has "--cafile: \"$CLI_TMP/missing.pem\": No such file or directory" "a missing --cafile"

# password sources that give nothing
run_connect 2 --password-env SX_CLI_UNSET_VAR
cli_err_has "password: environment variable SX_CLI_UNSET_VAR: not set" "an unset --password-env"
cli_run 2 env SX_CLI_EMPTY= "$SSTPX" connect 127.0.0.1:9 --user u --password-env SX_CLI_EMPTY
cli_err_has "password: environment variable SX_CLI_EMPTY: empty" "an empty --password-env"
: >"$CLI_TMP/empty"
chmod 600 "$CLI_TMP/empty"
run_connect 2 --password-file "$CLI_TMP/empty"
cli_err_has "password: $CLI_TMP/empty: the first line is empty" "an empty password file"

# an option's missing value
cli_run 2 "$SSTPX" connect 127.0.0.1:9 --user --password-file "$PW"
cli_err_has "--user: missing value" "--user --password-file pw"
cli_err_lacks "more than one HOST" "--user --password-file pw"

# help of every command
for cmd in cleanup down; do
	for h in --help -h; do
		cli_run 0 "$SSTPX" "$cmd" "$h"
		grep -q "^Usage: sstpx $cmd " <<<"$CLI_OUT" || cli_fail "$cmd $h: no usage: $CLI_OUT $CLI_ERR"
	done
done
echo "bug 5: host bits, password limits, --cafile, empty sources, missing values, help: exit 2 before connecting"
echo "PASS"
