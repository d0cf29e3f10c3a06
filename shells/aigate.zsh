# aigate shell integration for zsh.
# Load it with `aigate install` (a guarded line in ${ZDOTDIR:-~}/.zshrc), or: eval "$(aigate init zsh)"
#
# It applies the active profile when the shell starts and whenever something it depends on changes:
# the directory's project (.aigate.toml), the config files, or the AIGATE_* variables. aigate itself
# (node) runs only then; at every other prompt this costs a few builtin tests and forks nothing.
# At start it reuses the last result from a private cache (0600) when nothing changed since.

# How to run aigate: set by `aigate init` and the installed line, else the one on PATH.
typeset -g _AIGATE_BIN=${_AIGATE_BIN:-aigate}
# The project file of the last refresh, and the directory it was found from.
typeset -g _AIGATE_PROJECT='' _AIGATE_PWD='' REPLY=''

# Each refresh (the output of `aigate env --hook`) defines these anew: the changes to apply, and
# whether nothing they depend on has changed since the variables were as aigate found them, or as
# it left them (the files it read and looked for, the profile of `aigate use`, the variables).
_aigate_cached() { :; }
_aigate_as_found() { return 1; }
_aigate_as_left() { return 1; }

# REPLY: the nearest .aigate.toml from $PWD up, or empty (as aigate finds it).
_aigate_find_project() {
  local dir=$PWD
  REPLY=
  while :; do
    if [[ -f ${dir%/}/.aigate.toml ]]; then
      REPLY=${dir%/}/.aigate.toml
      return 0
    fi
    [[ -z $dir || $dir == / ]] && return 0
    dir=${dir%/*}
  done
}

# Runs aigate and applies what it prints; on failure aigate prints the checks only, so nothing is
# retried until something changes.
_aigate_refresh() {
  local out
  if ! command -v "$_AIGATE_BIN" >/dev/null; then
    _AIGATE_OFF=unavailable
    printf 'aigate: %s not found; the shell integration is paused in this shell (then: aigate reload)\n' "$_AIGATE_BIN" >&2
    return 0
  fi
  local -a profile=()
  [[ -n ${_AIGATE_USE-} ]] && profile=(--profile "$_AIGATE_USE")
  out=$("$_AIGATE_BIN" env --shell zsh --hook $profile)
  if [[ -z $out ]]; then
    # aigate itself could not run: pause the integration in this shell rather than fail at every prompt.
    _AIGATE_OFF=unavailable
    printf 'aigate: the shell integration is paused in this shell (aigate did not run); fix it, then: aigate reload\n' >&2
    return 0
  fi
  eval "$out"
  _aigate_cached
  _AIGATE_PWD=$PWD
}

# At every prompt: where nothing changed, two function calls of builtin tests, and no fork.
_aigate_hook() {
  local exit_status=$?
  if [[ -z ${_AIGATE_OFF-} ]]; then
    if [[ $PWD == "$_AIGATE_PWD" ]]; then
      _aigate_as_left || _aigate_refresh
    else
      _AIGATE_PWD=$PWD
      _aigate_find_project
      if [[ $REPLY != "$_AIGATE_PROJECT" ]] || ! _aigate_as_left; then
        _aigate_refresh
      fi
    fi
  fi
  return $exit_status
}

# At start: the cached result of the last refresh, when it was made from this same state.
_aigate_start() {
  local cache=${XDG_RUNTIME_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}}/aigate/env.zsh
  if [[ -z ${AIGATE_NO_CACHE-} && -f $cache && -O $cache ]]; then
    . "$cache"
    _aigate_find_project
    _AIGATE_PWD=$PWD
    if [[ $REPLY == "$_AIGATE_PROJECT" ]] && { _aigate_as_found || _aigate_as_left; }; then
      _aigate_cached
      return 0
    fi
  fi
  _aigate_refresh
}

# `aigate use` and `aigate off` change this shell, which only a shell function can do; the rest goes to aigate.
aigate() {
  local out
  case ${1-} in
    use)
      if [[ $# -ne 2 ]]; then
        printf 'usage: aigate use PROFILE\n' >&2
        return 2
      fi
      out=$("$_AIGATE_BIN" env --shell zsh --hook --profile "$2") || return
      eval "$out"
      _aigate_cached
      _AIGATE_USE=$2
      _AIGATE_PWD=$PWD
      unset _AIGATE_OFF
      ;;
    off)
      out=$("$_AIGATE_BIN" off --shell zsh) || return
      eval "$out"
      _AIGATE_OFF=off
      unset _AIGATE_USE
      ;;
    reload)
      unset _AIGATE_OFF
      _aigate_refresh
      ;;
    *) command "$_AIGATE_BIN" "$@" ;;
  esac
}

# Once per shell: an entry of our own is removed before it is added, so sourcing twice is harmless.
(( ${+precmd_functions} )) || typeset -ga precmd_functions
(( ${+chpwd_functions} )) || typeset -ga chpwd_functions
precmd_functions=(${precmd_functions:#_aigate_hook} _aigate_hook)
chpwd_functions=(${chpwd_functions:#_aigate_hook} _aigate_hook)

_aigate_start || true
