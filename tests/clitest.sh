# Shared by the command line tests (sourced, not run).  Sets up $tmp (removed
# on exit) and the assertions; each records a pass or a failure, and
# clitest_end prints the closing count and sets the exit status.
: "${CAIRN:?CAIRN must name the cairn program}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cairn-cli-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0

# expect STATUS DESCRIPTION -- COMMAND...: runs it, keeps stdout and stderr
expect() {
	want=$1; what=$2; shift 3
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: $what: exit $got, expected $want"
		sed 's/^/  stdout: /' "$tmp/out"; sed 's/^/  stderr: /' "$tmp/err"
		fails=$((fails + 1))
	else
		passes=$((passes + 1))
	fi
}
# stderr must be exactly one line starting with "cairn: "
one_line_error() {
	if [ "$(wc -l < "$tmp/err")" -ne 1 ] || ! grep -q '^cairn: ' "$tmp/err"; then
		echo "FAIL: $1: error is not one 'cairn:' line:"; cat "$tmp/err"
		fails=$((fails + 1))
	fi
}
contains() { # FILE TEXT DESCRIPTION
	if ! grep -qF -- "$2" "$1"; then
		echo "FAIL: $3: '$2' not in:"; cat "$1"
		fails=$((fails + 1))
	fi
}
lacks() { # FILE TEXT DESCRIPTION
	if grep -qF -- "$2" "$1"; then
		echo "FAIL: $3: '$2' found in:"; cat "$1"
		fails=$((fails + 1))
	fi
}
lines() { # FILE N DESCRIPTION
	n=$(wc -l < "$1")
	if [ "$n" -ne "$2" ]; then
		echo "FAIL: $3: $n lines, expected $2:"; cat "$1"
		fails=$((fails + 1))
	fi
}
clitest_end() {
	echo "$passes passed, $fails failed"
	[ "$fails" -eq 0 ]
}
