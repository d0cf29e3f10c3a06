# aigate shell integration for fish.
# Load it with `aigate install` (~/.config/fish/conf.d/aigate.fish), or: aigate init fish | source
#
# It applies the active profile when the shell starts and whenever something it depends on changes:
# the directory's project (.aigate.toml), the config files, or the AIGATE_* variables. aigate itself
# (node) runs only then; at every other prompt this costs a few builtin tests and forks nothing.
# At start it reuses the last result from a private cache (0600) when nothing changed since.

# How to run aigate: set by `aigate init` and the installed file, else the one on PATH.
set -q _AIGATE_BIN; or set -g _AIGATE_BIN aigate
# The project file of the last refresh, and the directory it was found from.
set -g _AIGATE_PROJECT ''
set -g _AIGATE_PWD ''
set -g _aigate_reply ''

# Each refresh (the output of `aigate env --hook`) defines these anew: the changes to apply, and
# whether nothing they depend on has changed since the variables were as aigate found them, or as
# it left them (the files it read and looked for, the profile of `aigate use`, the variables).
function _aigate_cached
end

function _aigate_as_found
    return 1
end

function _aigate_as_left
    return 1
end

# _aigate_reply: the nearest .aigate.toml from $PWD up, or empty (as aigate finds it).
function _aigate_find_project
    set -l dir $PWD
    set -g _aigate_reply ''
    while true
        set -l base (string replace -r '/$' '' -- "$dir")
        if test -f "$base/.aigate.toml"
            set -g _aigate_reply "$base/.aigate.toml"
            return 0
        end
        if test -z "$dir"; or test "$dir" = /
            return 0
        end
        set dir (string replace -r '/[^/]*$' '' -- "$dir")
    end
end

# Runs aigate and applies what it prints; on failure aigate prints the checks only, so nothing is
# retried until something changes.
function _aigate_refresh
    if not command -q $_AIGATE_BIN
        set -g _AIGATE_OFF unavailable
        echo "aigate: $_AIGATE_BIN not found; the shell integration is paused in this shell (then: aigate reload)" >&2
        return 0
    end
    set -l profile
    test -n "$_AIGATE_USE"; and set profile --profile $_AIGATE_USE
    set -l out ($_AIGATE_BIN env --shell fish --hook $profile)
    if test (count $out) -eq 0
        # aigate itself could not run: pause the integration in this shell rather than fail at every prompt.
        set -g _AIGATE_OFF unavailable
        echo 'aigate: the shell integration is paused in this shell (aigate did not run); fix it, then: aigate reload' >&2
        return 0
    end
    string join \n -- $out | source
    _aigate_cached
    set -g _AIGATE_PWD $PWD
end

# At every prompt: where nothing changed, two function calls of builtin tests, and no fork.
function _aigate_hook --on-event fish_prompt --on-variable PWD
    set -q _AIGATE_OFF; and return
    if test "x$PWD" = "x$_AIGATE_PWD"
        _aigate_as_left; or _aigate_refresh
        return
    end
    set -g _AIGATE_PWD $PWD
    _aigate_find_project
    if test "x$_aigate_reply" != "x$_AIGATE_PROJECT"; or not _aigate_as_left
        _aigate_refresh
    end
end

# At start: the cached result of the last refresh, when it was made from this same state.
function _aigate_start
    set -l base $XDG_RUNTIME_DIR
    test -n "$base"; or set base $XDG_CACHE_HOME
    test -n "$base"; or set base $HOME/.cache
    set -l cache $base/aigate/env.fish
    if test -z "$AIGATE_NO_CACHE"; and test -f $cache; and test -O $cache
        source $cache
        _aigate_find_project
        set -g _AIGATE_PWD $PWD
        if test "x$_aigate_reply" = "x$_AIGATE_PROJECT"; and begin; _aigate_as_found; or _aigate_as_left; end
            _aigate_cached
            return 0
        end
    end
    _aigate_refresh
end

# `aigate use` and `aigate off` change this shell, which only a shell function can do; the rest goes to aigate.
function aigate --wraps aigate --description 'aigate, with use and off acting on this shell'
    switch "$argv[1]"
        case use
            if test (count $argv) -ne 2
                echo 'usage: aigate use PROFILE' >&2
                return 2
            end
            set -l out ($_AIGATE_BIN env --shell fish --hook --profile $argv[2]); or return
            string join \n -- $out | source
            _aigate_cached
            set -g _AIGATE_USE $argv[2]
            set -g _AIGATE_PWD $PWD
            set -e _AIGATE_OFF; or true
        case off
            set -l out ($_AIGATE_BIN off --shell fish); or return
            string join \n -- $out | source
            set -g _AIGATE_OFF off
            set -e _AIGATE_USE; or true
        case reload
            set -e _AIGATE_OFF; or true
            _aigate_refresh
        case '*'
            command $_AIGATE_BIN $argv
    end
end

_aigate_start
