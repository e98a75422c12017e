# bash completion for cairn(1), the micro-credential wallet.
#
# Commands, their options and subcommands are read from the program's own
# --help (in the C locale), so the completion follows the installed version.
# Pathway ids are the shipped pathways in the data directory
# ($CAIRN_DATA_DIR, else next to the program); pathways added to a vault are
# not offered, as listing them would need the passphrase.  Credential ids
# are not offered for the same reason.

# _cairn_help PROG [COMMAND...]: the command's --help text, C locale
_cairn_help()
{
	local prog=$1
	shift
	LC_ALL=C LANGUAGE= "$prog" "$@" --help 2>/dev/null
}

# _cairn_list_commands PROG [COMMAND]: the names in a help's "Commands:"
# section (lines "  NAME ...", up to the next blank line)
_cairn_list_commands()
{
	_cairn_help "$@" | awk '/^Commands:/ { on = 1; next }
		on && /^$/ { on = 0 }
		on && /^  [a-z]/ { print $1 }'
}

# _cairn_list_options PROG [COMMAND...]: every long option a help names
_cairn_list_options()
{
	_cairn_help "$@" | grep -o -- '--[a-z][a-z0-9-]*' | sort -u
}

# _cairn_pathway_ids PROG: ids of the shipped pathways
_cairn_pathway_ids()
{
	local prog=$1 bin dir f
	local -a dirs=()
	if [[ -n ${CAIRN_DATA_DIR-} ]]; then
		dirs+=("$CAIRN_DATA_DIR/pathways")
	else
		bin=$(type -P -- "$prog" 2>/dev/null)
		[[ -n $bin ]] && dirs+=("${bin%/*}/../share/cairn/pathways")
		dirs+=(/usr/local/share/cairn/pathways /usr/share/cairn/pathways)
	fi
	for dir in "${dirs[@]}"; do
		[[ -d $dir ]] || continue
		for f in "$dir"/*.json; do
			[[ -f $f ]] || continue
			f=${f##*/}
			printf '%s\n' "${f%.json}"
		done
		return 0
	done
}

_cairn_reply_words() # WORDS CUR
{
	local IFS=$' \t\n'
	COMPREPLY=($(compgen -W "$1" -- "$2"))
}

_cairn_reply_files() # CUR [-d]
{
	local IFS=$'\n'
	compopt -o filenames 2>/dev/null
	if [[ ${2-} == -d ]]; then
		COMPREPLY=($(compgen -d -- "$1"))
	else
		COMPREPLY=($(compgen -f -- "$1"))
	fi
}

_cairn()
{
	local cur prev prog cmd sub i w
	local -a operands=()
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	prog=${COMP_WORDS[0]}

	# an option's argument
	case $prev in
	--vault) _cairn_reply_files "$cur" -d; return 0 ;;
	--passphrase-file | --new-passphrase-file | --output | -o)
		_cairn_reply_files "$cur"; return 0 ;;
	--kdf) _cairn_reply_words 'interactive moderate sensitive' "$cur"; return 0 ;;
	--sort) _cairn_reply_words 'date title issuer' "$cur"; return 0 ;;
	--suite) _cairn_reply_words 'eddsa-rdfc-2022 eddsa-jcs-2022' "$cur"; return 0 ;;
	--pathway) _cairn_reply_words "$(_cairn_pathway_ids "$prog")" "$cur"; return 0 ;;
	--now | --filter | --challenge | --domain | --id) return 0 ;;
	esac

	# find the command: the first word that is neither an option nor the
	# argument of a global option
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ -z $cmd ]]; then
			case $w in
			--vault | --passphrase-file) ((i++)) ;;
			-*) ;;
			*) cmd=$w ;;
			esac
		else
			case $w in
			--passphrase-file | --new-passphrase-file | --kdf | --sort | --now | \
			--filter | --challenge | --domain | --id | --output | -o | \
			--pathway | --suite) ((i++)) ;;
			-*) ;;
			*) operands+=("$w") ;;
			esac
		fi
	done

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			_cairn_reply_words "$(_cairn_list_options "$prog")" "$cur"
		else
			_cairn_reply_words "$(_cairn_list_commands "$prog")" "$cur"
		fi
		return 0
	fi

	# commands with subcommands list them in their own help
	sub=
	case $cmd in
	pathway | trust)
		if ((${#operands[@]} == 0)); then
			if [[ $cur == -* ]]; then
				_cairn_reply_words "$(_cairn_list_options "$prog" "$cmd")" "$cur"
			else
				_cairn_reply_words "$(_cairn_list_commands "$prog" "$cmd")" "$cur"
			fi
			return 0
		fi
		sub=${operands[0]}
		;;
	esac
	if [[ $cur == -* ]]; then
		_cairn_reply_words "$(_cairn_list_options "$prog" "$cmd")" "$cur"
		return 0
	fi

	case $cmd in
	pathway)
		case $sub in
		show)
			# "rm" takes only pathways added to the vault: not offered
			((${#operands[@]} == 1)) &&
				_cairn_reply_words "$(_cairn_pathway_ids "$prog")" "$cur"
			;;
		add | import) _cairn_reply_files "$cur" ;;
		esac
		;;
	trust)
		case $sub in
		add | add-context) _cairn_reply_files "$cur" ;;
		esac
		;;
	# operands that are credential ids or text, not files
	show | rm | tag | note | list | status | check | gc | passwd | init) ;;
	# import, verify, backup, restore, export and whatever comes next
	*) _cairn_reply_files "$cur" ;;
	esac
	return 0
}
complete -F _cairn cairn
