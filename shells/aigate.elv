# aigate shell integration for elvish.
# Load it with `aigate install` (a guarded block in rc.elv), or: eval (aigate init elvish | slurp)
#
# It applies the active profile when the shell starts and whenever something it depends on changes:
# the directory's project (.aigate.toml), the config files, or the AIGATE_* variables. aigate itself
# (node) runs only then. elvish 0.19 cannot read a file's time, so a prompt where no variable
# changed runs one `test` process for the files (about a millisecond).
# At start it reuses the last result from a private cache (0600) when nothing changed since.
# $_AIGATE_BIN (how to run aigate) comes from the installed block or `aigate init`.
use path
use str

# The project file of the last refresh, the directory it was found from, the profile of `aigate
# use`, and why the integration is off.
var project = ''
var pwd = ''
var use = ''
var off = ''

# Each refresh (the output of `aigate env --hook`) defines these anew: the changes to apply, and
# whether nothing they depend on has changed since the variables were as aigate found them, or as
# it left them (the files it read and looked for, the profile of `aigate use`, the variables).
var cached~ = { nop }
var as-found~ = {|use| put $false }
var as-left~ = {|use| put $false }

# Evaluates a refresh and takes its definitions.
fn take {|code|
  eval $code &on-end={|ns|
    set cached~ = $ns[_aigate_cached~]
    set as-found~ = $ns[_aigate_as_found~]
    set as-left~ = $ns[_aigate_as_left~]
    set project = $ns[_AIGATE_PROJECT]
  }
}

# The nearest .aigate.toml from the current directory up, or '' (as aigate finds it).
fn find-project {
  var dir = $pwd
  while $true {
    var candidate = (path:join $dir '.aigate.toml')
    if (path:is-regular $candidate) { put $candidate; return }
    var parent = (path:dir $dir)
    if (or (eq $dir '') (eq $parent $dir)) { put ''; return }
    set dir = $parent
  }
}

# What aigate prints for `args`, also when it fails (its messages go to the terminal); $ok says
# whether it succeeded.
var ok = $true
fn output {|@args|
  set ok = $true
  try { (external $_AIGATE_BIN) $@args } catch { set ok = $false } | slurp
}

# Runs aigate and applies what it prints; on failure aigate prints the checks only, so nothing is
# retried until something changes.
fn refresh {
  if (not (or (path:is-regular $_AIGATE_BIN) (has-external $_AIGATE_BIN))) {
    set off = unavailable
    echo 'aigate: '$_AIGATE_BIN' not found; the shell integration is paused in this shell (then: aigate reload)' >&2
    return
  }
  var profile = []
  if (not-eq $use '') { set profile = [--profile $use] }
  var out = (output env --shell elvish --hook $@profile)
  if (eq $out '') {
    # aigate itself could not run: pause the integration in this shell rather than fail at every prompt.
    set off = unavailable
    echo 'aigate: the shell integration is paused in this shell (aigate did not run); fix it, then: aigate reload' >&2
    return
  }
  take $out
  cached
  set pwd = $E:PWD
}

# Before each prompt and after each change of directory.
fn hook {
  if (not-eq $off '') { return }
  if (eq $E:PWD $pwd) {
    if (not (as-left $use)) { refresh }
    return
  }
  var before = $project
  set pwd = $E:PWD
  if (or (not-eq (find-project) $before) (not (as-left $use))) { refresh }
}

# At start: the cached result of the last refresh, when it was made from this same state.
fn start {
  var base = $E:XDG_RUNTIME_DIR
  if (eq $base '') { set base = $E:XDG_CACHE_HOME }
  if (eq $base '') { set base = (path:join $E:HOME '.cache') }
  var cache = (path:join $base aigate env.elvish)
  set pwd = $E:PWD
  if (and (eq $E:AIGATE_NO_CACHE '') (path:is-regular $cache) ?(e:test -O $cache)) {
    take (slurp < $cache)
    if (and (eq (find-project) $project) (or (as-found $use) (as-left $use))) {
      cached
      return
    }
  }
  refresh
}

# `aigate use` and `aigate off` change this shell, which only a function can do; the rest goes to aigate.
fn aigate {|@args|
  var command = ''
  if (> (count $args) 0) { set command = $args[0] }
  if (eq $command use) {
    if (!= (count $args) 2) { echo 'usage: aigate use PROFILE' >&2; return }
    var out = (output env --shell elvish --hook --profile $args[1])
    if (not $ok) { return }
    take $out
    cached
    set use = $args[1]
    set pwd = $E:PWD
    set off = ''
  } elif (eq $command off) {
    var out = (output off --shell elvish)
    if (not $ok) { return }
    eval $out
    set off = off
    set use = ''
  } elif (eq $command reload) {
    set off = ''
    refresh
  } else {
    (external $_AIGATE_BIN) $@args
  }
}

# Once per shell: the command, before each prompt, and after each change of directory.
edit:add-var aigate~ $aigate~
set edit:before-readline = [$@edit:before-readline { hook }]
set after-chdir = [$@after-chdir {|dir| hook }]

start
