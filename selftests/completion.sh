#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# completion.sh - the bash completion of mlicctl and mlic-master
# (tools/completion/mlic, put into the guest where the packages put it),
# driven the way bash drives it: COMP_WORDS and friends set, the function
# called, COMPREPLY compared.  Verbs, options, option values, /dev/mlicN
# of a real medium, its medium ID, and files by extension.  Every verb the
# tools list in --help, and every option of each verb's --help, must
# complete: a verb or option added to the tools fails here until the
# completion learns it.
#
# Usage: completion.sh [COMPLETION_FILE]
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

comp=${1:-/usr/share/bash-completion/completions/mlicctl}
framework=/usr/share/bash-completion/bash_completion
[ -f "$comp" ] || tap_skip_all "no completion at $comp"
[ -f "$framework" ] || tap_skip_all "no bash-completion framework at $framework"
tap_require mlicctl mlic-master
# shellcheck source=/dev/null
. "$framework" || tap_bail "cannot load $framework"
# shellcheck source=../tools/completion/mlic
. "$comp" || tap_bail "cannot load $comp"

dir=$(mktemp -d "${MLIC_SCRATCH:-/tmp}/completion.XXXXXX") || tap_bail "no temporary directory"
dev=""
cleanup() {
	cd / || true
	[ -z "$dev" ] || mlicctl detach "$dev" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT

# completes WORD... - what completing the last WORD (the current one, maybe
# empty) offers, sorted, one a line.  A lone "=" is a word of its own, as
# bash splits --opt=value.
completes() {
	local COMP_WORDS=("$@") COMP_CWORD=$(($# - 1)) COMP_LINE COMP_POINT
	local COMPREPLY=() fn
	COMP_LINE="${*}"
	COMP_LINE=${COMP_LINE// = /=}
	COMP_LINE=${COMP_LINE% =}
	[[ ${COMP_WORDS[-1]} == = ]] && COMP_LINE+="="
	COMP_POINT=${#COMP_LINE}
	case $1 in
	mlicctl) fn=_mlicctl ;;
	mlic-master) fn=_mlic_master ;;
	esac
	"$fn" "$1" "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}" 2>/dev/null
	((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}" | sort -u
}

# offers "EXPECTED..." WORD... - completing WORD... offers exactly EXPECTED
# (a space-separated list, in any order).
offers() {
	local -a expected
	local want got
	read -ra expected <<<"$1"
	want=$( ((${#expected[@]})) && printf '%s\n' "${expected[@]}" | sort -u)
	shift
	got=$(completes "$@")
	[ "$got" = "$want" ] && return 0
	echo "completing '$*' offered: ${got//$'\n'/ }"
	echo "expected: ${want//$'\n'/ }"
	return 1
}

# includes WORD COMPLETION_WORD... - WORD is among what completing offers.
includes() {
	local want=$1 got
	shift
	completes "$@" | grep -q -x -F -- "$want" && return 0
	got=$(completes "$@")
	echo "completing '$*' does not offer '$want'; it offers: ${got//$'\n'/ }"
	return 1
}

# tool_verbs TOOL - the verbs TOOL --help lists.
tool_verbs() {
	"$1" --help | sed -n '/^Verbs:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

# verb_options TOOL VERB - the options TOOL VERB --help lists.
verb_options() {
	"$1" "$2" --help | sed -n '/^Options:/,$p' |
		grep -o -E '(^|[ ,])--?[A-Za-z][A-Za-z-]*' | tr -d ' ,'
}

# --- files to complete, and a medium ---------------------------------------------

cd "$dir" || tap_bail "cannot enter $dir"
mkdir sub
touch a.mlc b.mll c.mlb d.img e.key f.svg g.png
# master ID IMAGE - a small blank medium.
master() {
	mlic-master create --system-key "$dir/sys.key" --keytab "$dir/tab" \
		--size 16M --slots 1 --medium-id "$1" "$2" >/dev/null 2>&1
}

# A medium attached on $dev, and a device without one ($other): attach a
# second medium beside the first, and detach it.
if ! mlic-master keygen "$dir/sys.key" >/dev/null 2>&1 ||
	! master 0f0e0d0c0b0a09080706050403020100 "$dir/m.img" ||
	! master 1f1e1d1c1b1a19181716151413121110 "$dir/n.img" ||
	! dev=$(mlicctl attach "$dir/m.img") ||
	! other=$(mlicctl attach "$dir/n.img") ||
	! mlicctl detach "$other"; then
	tap_bail "cannot master and attach the media"
fi
rm -f "$dir/sys.key" "$dir/tab" "$dir/n.img"
mv "$dir/m.img" "$dir/sub/"

# --- mlicctl -------------------------------------------------------------------------

all_files="a.mlc b.mll c.mlb d.img e.key f.svg g.png sub"
tap_check "mlicctl: the verbs" offers "key attach detach list info decrypt \
install-license backup restore apparatus-id" mlicctl ""
tap_check "mlicctl: global options" offers "-h --help -V --version" mlicctl -
tap_check "mlicctl: a verb's prefix" offers "decrypt detach" mlicctl de
tap_check "key: its commands" offers "load unload status" mlicctl key ""
tap_check "key load: any file" offers "$all_files" mlicctl key load ""
tap_check "key status: -J" offers "-J --json -h --help" mlicctl key status -
tap_check "key unload: nothing more" offers "" mlicctl key unload ""
tap_check "attach: images" offers "d.img sub" mlicctl attach ""
tap_check "attach: its options" offers "-r --read-only -h --help" mlicctl attach -
tap_check "attach -r: images" offers "d.img sub" mlicctl attach -r ""
tap_check "detach: the medium's device, not $other without one" offers "$dev" \
	mlicctl detach ""
tap_check "detach: no control device, no partition" offers "" mlicctl detach /dev/mlic-
tap_check "info -J: the device" offers "$dev" mlicctl info -J ""
tap_check "list: options only" offers "-J --json -o --output --output-all -n \
--noheadings -r --raw --list-columns -h --help" mlicctl list -
tap_check "list -o: the columns" includes "MEDIUM_ID" mlicctl list -o ""
tap_check "list -o A,: the next column" offers "DEVICE,SLOTS DEVICE,SLOTS_USED" \
	mlicctl list -o DEVICE,SL
tap_check "list -o +: a column to add" includes "+GENERATION" mlicctl list -o +
tap_check "decrypt: a device or a content" offers "$dev a.mlc sub" mlicctl decrypt ""
tap_check "decrypt DEV: a content" offers "a.mlc sub" mlicctl decrypt "$dev" ""
tap_check "decrypt FILE: nothing more" offers "" mlicctl decrypt a.mlc ""
tap_check "decrypt -o: any file" offers "$all_files" mlicctl decrypt a.mlc -o ""
tap_check "decrypt -o OUT DEV: a content" offers "a.mlc sub" \
	mlicctl decrypt -o out "$dev" ""
tap_check "install-license DEV: a license" offers "b.mll sub" \
	mlicctl install-license "$dev" ""
tap_check "backup: its options" offers "-o --output --bind-apparatus \
--bind-drive --order -h --help" mlicctl backup "$dev" -
tap_check "backup -o: backups" offers "c.mlb sub" mlicctl backup "$dev" -o ""
tap_check "backup --order: the orders" offers "medium-first apparatus-first" \
	mlicctl backup "$dev" --order ""
tap_check "backup --order=: the orders" offers "medium-first apparatus-first" \
	mlicctl backup "$dev" --order = ""
tap_check "backup --order=m" offers "medium-first" mlicctl backup "$dev" --order = m
tap_check "restore --batch DEV: a backup" offers "c.mlb sub" \
	mlicctl restore --batch "$dev" ""
tap_check "restore: its options" offers "-q --batch -h --help" mlicctl restore -
tap_check "apparatus-id: no argument" offers "" mlicctl apparatus-id ""
tap_check "apparatus-id: -J" offers "-J --json -h --help" mlicctl apparatus-id -

# --- mlic-master ---------------------------------------------------------------------

tap_check "mlic-master: the verbs" offers "keygen create encrypt issue label" \
	mlic-master ""
tap_check "keygen: any file" offers "$all_files" mlic-master keygen ""
tap_check "create --s: its options" offers "--system-key --size --slots" \
	mlic-master create --s
tap_check "create --system-key: any file" offers "$all_files" \
	mlic-master create --system-key ""
tap_check "create --size: no guess" offers "" mlic-master create --size ""
tap_check "create: the image" offers "d.img sub" mlic-master create \
	--system-key e.key --keytab tab --size 64M ""
tap_check "create IMAGE: contents are any files" offers "$all_files" \
	mlic-master create --system-key e.key --keytab tab --size 64M d.img ""
tap_check "create IMAGE CONTENT: more contents" offers "$all_files" \
	mlic-master create --size 64M d.img e.key ""
tap_check "encrypt CONTENT: the output" offers "a.mlc sub" \
	mlic-master encrypt --keytab tab e.key ""
tap_check "issue --medium-id: the attached medium's" offers \
	0f0e0d0c0b0a09080706050403020100 mlic-master issue --medium-id ""
tap_check "issue -o: a license" offers "b.mll sub" mlic-master issue -o ""
tap_check "label: the image" offers "d.img sub" mlic-master label ""
tap_check "label -o: SVG or PNG" offers "f.svg g.png sub" mlic-master label d.img -o ""
tap_check "label: its options" offers "-o --output --format --style --title \
--dpi -h --help" mlic-master label d.img -
tap_check "label --format: the formats" offers "svg png" mlic-master label --format ""
tap_check "label --style: the styles" offers "disc card" mlic-master label --style ""
tap_check "label --title: no guess" offers "" mlic-master label --title ""
tap_check "label --title T: the image" offers "d.img sub" mlic-master label --title T ""
tap_check "a directory's files" offers "sub/m.img" mlicctl attach sub/

# --- what the tools have, the completion knows -----------------------------------

for tool in mlicctl mlic-master; do
	verbs=$(tool_verbs "$tool")
	[ -n "$verbs" ] || tap_fail "$tool --help lists verbs" "none found"
	for v in $verbs; do
		tap_check "$tool: verb $v completes" includes "$v" "$tool" ""
		for o in $(verb_options "$tool" "$v"); do
			tap_check "$tool $v: option $o completes" includes "$o" "$tool" "$v" -
		done
	done
done

tap_done
