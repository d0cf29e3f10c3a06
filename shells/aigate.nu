# aigate shell integration for nushell.
# Load it with `aigate install` (a file in nushell's autoload folder), or in config.nu:
#   source /path/to/aigate/shells/aigate.nu
#
# It applies the active profile when the shell starts and whenever something it depends on changes:
# the directory's project (.aigate.toml), the config files, or the AIGATE_* variables. aigate itself
# (node) runs only then; at every other prompt this costs a few file and string tests.
# At start it reuses the last result from a private cache (0600) when nothing changed since.
# nushell has no eval: aigate prints data (one JSON record per line), which this file applies.

# The integration's state, a record: nushell hands only strings to the programs it runs, so none
# of it reaches them. bin: how to run aigate (set by the installed file, else the one on PATH).
$env._AIGATE = {
    bin: ($env._AIGATE_BIN? | default 'aigate')
    project: ''
    pwd: ''
    use: ($env._AIGATE?.use? | default '')
    off: ($env._AIGATE?.off? | default '')
    refresh: null
}
hide-env --ignore-errors _AIGATE_BIN

# The nearest .aigate.toml from the current directory up, or '' (as aigate finds it).
def _aigate_find_project [] {
    mut dir = $env.PWD
    loop {
        let candidate = ($dir | path join '.aigate.toml')
        if ($candidate | path type) == 'file' { return $candidate }
        let parent = ($dir | path dirname)
        if ($parent == $dir) or ($dir | is-empty) { return '' }
        $dir = $parent
    }
}

# Whether nothing the refresh depends on has changed since `facts` were taken: the profile of
# `aigate use`, the variables, the files looked for (still absent), the files read (none gone, none
# newer than the stamp). Cheapest first; nushell's ls is the dearest, so it runs once, last.
def _aigate_unchanged [facts] {
    if ($facts == null) or ($facts.stamp | is-empty) or ($env._AIGATE.use != $facts.profile) { return false }
    let names = ($facts.values | columns)
    let current = ($env | select -o ...$names)
    if ($names | any {|name| ($current | get $name | default '') != ($facts.values | get $name) }) { return false }
    if ($facts.absent | any {|file| $file | path exists }) { return false }
    let files = ($facts.present | append $facts.stamp)
    if not ($files | all {|file| $file | path exists }) { return false }
    let listing = (ls -D ...$files)
    let stamp = ($listing | where name == $facts.stamp | get 0.modified)
    $listing | all {|row| $row.modified <= $stamp }
}

# Applies changes: {set: record, unset: list}.
def --env _aigate_apply [changes] {
    hide-env --ignore-errors ...$changes.unset
    load-env $changes.set
}

# Reads a refresh (JSON lines) into {cached, as_found, as_left, project}.
def _aigate_parse [text: string] {
    $text | lines | where {|line| $line | is-not-empty } | each {|line| $line | from json } | reduce --fold {} {|item, acc|
        match [($item.variable? | default '') ($item.fn? | default '')] {
            ['_AIGATE_PROJECT' _] => { $acc | upsert project $item.value }
            [_ '_aigate_cached'] => { $acc | upsert cached $item.changes }
            [_ '_aigate_as_found'] => { $acc | upsert as_found $item.facts }
            [_ '_aigate_as_left'] => { $acc | upsert as_left $item.facts }
            _ => $acc
        }
    }
}

# Runs aigate with `args`: {out, ok}; its messages go to the terminal.
def --wrapped _aigate_run [...args] {
    let bin = $env._AIGATE.bin
    if (which $bin | is-empty) and not ($bin | path exists) { return {out: '', ok: false, missing: true} }
    let result = (^$bin ...$args | complete)
    if ($result.stderr | is-not-empty) { print -e -n $result.stderr }
    {out: $result.stdout, ok: ($result.exit_code == 0), missing: false}
}

# Runs aigate and applies what it prints; on failure aigate prints the checks only, so nothing is
# retried until something changes.
def --env _aigate_refresh [] {
    let profile = if ($env._AIGATE.use | is-empty) { [] } else { ['--profile' $env._AIGATE.use] }
    let result = (_aigate_run env --shell nu --hook ...$profile)
    if $result.missing {
        $env._AIGATE.off = 'unavailable'
        print -e $"aigate: ($env._AIGATE.bin) not found; the shell integration is paused in this shell \(then: aigate reload\)"
        return
    }
    if ($result.out | is-empty) {
        # aigate itself could not run: pause the integration in this shell rather than fail at every prompt.
        $env._AIGATE.off = 'unavailable'
        print -e 'aigate: the shell integration is paused in this shell (aigate did not run); fix it, then: aigate reload'
        return
    }
    let refresh = (_aigate_parse $result.out)
    _aigate_apply $refresh.cached
    $env._AIGATE.refresh = $refresh
    $env._AIGATE.project = $refresh.project
    $env._AIGATE.pwd = $env.PWD
}

# At every prompt and change of directory: where nothing changed, a few tests and no fork.
def --env _aigate_hook [] {
    if ($env._AIGATE.off | is-not-empty) { return }
    let left = $env._AIGATE.refresh?.as_left?
    if $env.PWD == $env._AIGATE.pwd {
        if not (_aigate_unchanged $left) { _aigate_refresh }
        return
    }
    $env._AIGATE.pwd = $env.PWD
    if ((_aigate_find_project) != $env._AIGATE.project) or not (_aigate_unchanged $left) { _aigate_refresh }
}

# At start: the cached result of the last refresh, when it was made from this same state.
def --env _aigate_start [] {
    let base = ($env.XDG_RUNTIME_DIR? | default ($env.XDG_CACHE_HOME? | default ($env.HOME | path join '.cache')))
    let cache = ($base | path join 'aigate' 'env.nu')
    if ($env.AIGATE_NO_CACHE? | is-empty) and ($cache | path type) == 'file' and ((ls -lD $cache | get 0.user) == (whoami)) {
        let refresh = (_aigate_parse (open --raw $cache))
        $env._AIGATE.pwd = $env.PWD
        if ((_aigate_find_project) == $refresh.project) and ((_aigate_unchanged $refresh.as_found?) or (_aigate_unchanged $refresh.as_left?)) {
            _aigate_apply $refresh.cached
            $env._AIGATE.refresh = $refresh
            $env._AIGATE.project = $refresh.project
            return
        }
    }
    _aigate_refresh
}

# `aigate use` and `aigate off` change this shell, which only a command with --env can do; the rest goes to aigate.
def --env --wrapped aigate [...args] {
    match ($args | get -o 0) {
        'use' => {
            if ($args | length) != 2 { print -e 'usage: aigate use PROFILE'; return }
            let result = (_aigate_run env --shell nu --hook --profile ($args | get 1))
            if not $result.ok { return }
            let refresh = (_aigate_parse $result.out)
            _aigate_apply $refresh.cached
            $env._AIGATE.refresh = $refresh
            $env._AIGATE.project = $refresh.project
            $env._AIGATE.use = ($args | get 1)
            $env._AIGATE.pwd = $env.PWD
            $env._AIGATE.off = ''
        }
        'off' => {
            let result = (_aigate_run off --shell nu)
            if not $result.ok { return }
            _aigate_apply ($result.out | from json)
            $env._AIGATE.off = 'off'
            $env._AIGATE.use = ''
        }
        'reload' => { $env._AIGATE.off = ''; _aigate_refresh }
        _ => { ^$env._AIGATE.bin ...$args }
    }
}

# Once per shell: before each prompt, and at each change of directory.
if not ($env.config.hooks.pre_prompt | any {|hook| ($hook | describe) == 'closure' and (view source $hook) =~ '_aigate_hook' }) {
    $env.config.hooks.pre_prompt = ($env.config.hooks.pre_prompt | append {|| _aigate_hook })
    $env.config.hooks.env_change.PWD = ($env.config.hooks.env_change.PWD? | default [] | append {|before, after| _aigate_hook })
}

_aigate_start
