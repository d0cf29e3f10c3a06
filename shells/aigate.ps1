# aigate shell integration for PowerShell (7, and Windows PowerShell 5.1).
# Load it with `aigate install` (a guarded block in $PROFILE), or:
#   Invoke-Expression (& { (aigate init powershell | Out-String) })
#
# It applies the active profile when the shell starts and whenever something it depends on changes:
# the directory's project (.aigate.toml), the config files, or the AIGATE_* variables. aigate itself
# (node) runs only then; at every other prompt this costs a few .NET file and string tests.
# At start it reuses the last result from a private cache (0600) when nothing changed since.
# Only Windows PowerShell 5.1 syntax is used (no ??, ?., ternaries, && or ||): a test checks it.
# What runs at start and at a prompt calls no cmdlet: the first use of one from a module not yet
# loaded costs PowerShell a hundred milliseconds or more. Variables are read through
# $ExecutionContext, since under Set-StrictMode reading an unset one is an error.

# How to run aigate: set by `aigate init` and the installed block, else the one on PATH.
if (-not $ExecutionContext.SessionState.PSVariable.GetValue('global:_AIGATE_BIN')) {
    $global:_AIGATE_BIN = ''
    foreach ($command in @(Get-Command aigate -CommandType Application -ErrorAction SilentlyContinue)) { $global:_AIGATE_BIN = $command.Source; break }
}
# The project file of the last refresh, and the directory it was found from; the profile of
# `aigate use`, and why the integration is off. Every variable the tests read is set here.
$global:_AIGATE_PROJECT = ''; $global:_AIGATE_PWD = ''
if (-not $ExecutionContext.SessionState.PSVariable.GetValue('global:_AIGATE_USE')) { $global:_AIGATE_USE = '' }
if (-not $ExecutionContext.SessionState.PSVariable.GetValue('global:_AIGATE_OFF')) { $global:_AIGATE_OFF = '' }

# Each refresh (the output of `aigate env --hook`) defines these anew: the changes to apply, and
# whether nothing they depend on has changed since the variables were as aigate found them, or as
# it left them (the files it read and looked for, the profile of `aigate use`, the variables).
function global:_aigate_cached { }
function global:_aigate_as_found { return $false }
function global:_aigate_as_left { return $false }

# Runs aigate: a .cjs launcher through node (Windows runs no shebang), anything else as it is.
# Piped input is passed on only when there is some, so an agent keeps the console otherwise.
function global:_aigate_exec {
    $bin = $global:_AIGATE_BIN
    if ($bin -like '*.cjs') {
        if (-not $ExecutionContext.SessionState.PSVariable.GetValue('global:_AIGATE_NODE')) {
            foreach ($command in @(Get-Command node -CommandType Application -ErrorAction SilentlyContinue)) { $global:_AIGATE_NODE = $command.Source; break }
        }
        if (-not $ExecutionContext.SessionState.PSVariable.GetValue('global:_AIGATE_NODE')) {
            # One line, not PowerShell's error record for a missing command.
            $global:_AIGATE_OFF = 'unavailable'
            [Console]::Error.WriteLine('aigate: node was not found on PATH (aigate needs Node.js 20 or later); the shell integration is paused in this shell (then: aigate reload)')
            return
        }
        if ($MyInvocation.ExpectingInput) { $input | & $global:_AIGATE_NODE $bin @args } else { & $global:_AIGATE_NODE $bin @args }
    } elseif ($MyInvocation.ExpectingInput) { $input | & $bin @args } else { & $bin @args }
}

# The nearest .aigate.toml from the current directory up, or '' (as aigate finds it).
function global:_aigate_find_project {
    $dir = $ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath
    while ($dir) {
        $candidate = [System.IO.Path]::Combine($dir, '.aigate.toml')
        if ([System.IO.File]::Exists($candidate)) { return $candidate }
        $parent = [System.IO.Path]::GetDirectoryName($dir)
        if (-not $parent -or $parent -eq $dir) { break }
        $dir = $parent
    }
    return ''
}

# Runs aigate and applies what it prints; on failure aigate prints the checks only, so nothing is
# retried until something changes.
function global:_aigate_refresh {
    $bin = $global:_AIGATE_BIN
    if (-not $bin -or -not ([System.IO.File]::Exists($bin) -or (Get-Command -Name $bin -CommandType Application -ErrorAction SilentlyContinue))) {
        $global:_AIGATE_OFF = 'unavailable'
        if (-not $bin) { $bin = 'aigate' }
        [Console]::Error.WriteLine("aigate: $bin not found; the shell integration is paused in this shell (then: aigate reload)")
        return
    }
    $arguments = @('env', '--shell', 'powershell', '--hook')
    if ($global:_AIGATE_USE) { $arguments += @('--profile', $global:_AIGATE_USE) }
    $out = (_aigate_exec @arguments) -join "`n"
    if (-not $out -and $global:_AIGATE_OFF) { return }
    if (-not $out) {
        # aigate itself could not run: pause the integration in this shell rather than fail at every prompt.
        $global:_AIGATE_OFF = 'unavailable'
        [Console]::Error.WriteLine('aigate: the shell integration is paused in this shell (aigate did not run); fix it, then: aigate reload')
        return
    }
    . ([scriptblock]::Create($out))
    _aigate_cached
    $global:_AIGATE_PWD = $PWD.Path
}

# At every prompt and directory change: where nothing changed, two function calls of .NET tests.
function global:_aigate_hook {
    if ($global:_AIGATE_OFF) { return }
    $here = $PWD.Path
    if ($here -ne $global:_AIGATE_PWD) {
        $global:_AIGATE_PWD = $here
        if ((_aigate_find_project) -ne $global:_AIGATE_PROJECT) { _aigate_refresh; return }
    }
    if (-not (_aigate_as_left)) { _aigate_refresh }
}

# At start: the cached result of the last refresh, when it was made from this same state. Read as
# text and evaluated, so that an AllSigned execution policy does not refuse a generated file.
function global:_aigate_start {
    # .NET rather than $env:, whose provider is one more thing to load.
    $base = [System.Environment]::GetEnvironmentVariable('XDG_RUNTIME_DIR')
    if (-not $base) { $base = [System.Environment]::GetEnvironmentVariable('XDG_CACHE_HOME') }
    if (-not $base) {
        $base = [System.Environment]::GetEnvironmentVariable('HOME')
        if (-not $base) { $base = [System.Environment]::GetEnvironmentVariable('USERPROFILE') }
        $base = [System.IO.Path]::Combine($base, '.cache')
    }
    $cache = [System.IO.Path]::Combine($base, 'aigate', 'env.powershell')
    $owned = [System.IO.File]::Exists($cache) -and -not [System.Environment]::GetEnvironmentVariable('AIGATE_NO_CACHE')
    # Whether the cache is this user's own: after su, XDG_RUNTIME_DIR may still name another user's
    # folder. Outside Windows, a file of mode 0600 that this user can read is its own, unless this is
    # root, which reads every file: root takes a cache only under /run/user/0 or its own home.
    # Inline, with the cheapest test PowerShell has for each: at start every construct seen for the
    # first time costs milliseconds, and the first call of a function with an argument tens of them.
    # $IsWindows is unset in Windows PowerShell 5.1 (Windows only); 384 is 0600; IsPrivilegedProcess
    # (.NET 8, PowerShell 7.4) is euid 0, else the user name says root.
    if ($owned -and $ExecutionContext.SessionState.PSVariable.GetValue('IsWindows') -eq $false) {
        $owned = [System.IO.File]::GetUnixFileMode($cache) -eq 384
        $root = $null
        try { $root = [System.Environment]::IsPrivilegedProcess } catch { $root = $null }
        if ($null -eq $root) { $root = [System.Environment]::UserName -eq 'root' }
        if ($owned -and $root) {
            $home_ = [string][System.Environment]::GetEnvironmentVariable('HOME')
            $owned = $cache.StartsWith('/run/user/0/') -or ($home_.Length -gt 1 -and $cache.StartsWith($home_.TrimEnd('/') + '/'))
        }
    }
    if ($owned) {
        $text = $null
        try { $text = [System.IO.File]::ReadAllText($cache) } catch { $text = $null }
        if ($text) {
            . ([scriptblock]::Create($text))
            $global:_AIGATE_PWD = $PWD.Path
            if ((_aigate_find_project) -eq $global:_AIGATE_PROJECT -and ((_aigate_as_found) -or (_aigate_as_left))) {
                _aigate_cached
                return
            }
        }
    }
    # Running aigate sets $LASTEXITCODE: the first prompt sees the one the profile left (or none).
    $before = $ExecutionContext.SessionState.PSVariable.Get('global:LASTEXITCODE')
    _aigate_refresh
    if ($before) { $global:LASTEXITCODE = $before.Value } else { $ExecutionContext.SessionState.PSVariable.Remove('global:LASTEXITCODE') }
}

# `aigate use` and `aigate off` change this session, which only a function can do; the rest goes to aigate.
function global:aigate {
    $command = ''
    if ($args.Count) { $command = $args[0] }
    switch -CaseSensitive ($command) {
        'use' {
            if ($args.Count -ne 2) { [Console]::Error.WriteLine('usage: aigate use PROFILE'); return }
            $out = (_aigate_exec env --shell powershell --hook --profile $args[1]) -join "`n"
            if ($LASTEXITCODE -ne 0) { return }
            . ([scriptblock]::Create($out))
            _aigate_cached
            $global:_AIGATE_USE = $args[1]
            $global:_AIGATE_PWD = $PWD.Path
            $global:_AIGATE_OFF = ''
        }
        'off' {
            $out = (_aigate_exec off --shell powershell) -join "`n"
            if ($LASTEXITCODE -ne 0) { return }
            . ([scriptblock]::Create($out))
            $global:_AIGATE_OFF = 'off'
            $global:_AIGATE_USE = ''
        }
        'reload' { $global:_AIGATE_OFF = ''; _aigate_refresh }
        default { if ($MyInvocation.ExpectingInput) { $input | _aigate_exec @args } else { _aigate_exec @args } }
    }
}

# Wraps the prompt (unless it is this wrapper already): run the hook, then the prompt it found,
# with $? and $LASTEXITCODE as the user left them.
function global:_aigate_wrap_prompt {
    $wrapper = $ExecutionContext.SessionState.PSVariable.GetValue('global:_aigate_prompt')
    if ($wrapper -and [object]::ReferenceEquals($function:prompt, $wrapper)) { return }
    $global:_aigate_previous_prompt = $function:prompt
    function global:prompt {
        $succeeded = $?
        $exitCode = $global:LASTEXITCODE
        _aigate_hook
        $global:LASTEXITCODE = $exitCode
        # Give the previous prompt the $? it would have seen: a failed no-op sets it to false.
        if (-not $succeeded) { Write-Error '' -ErrorAction Ignore }
        & $global:_aigate_previous_prompt
    }
    $global:_aigate_prompt = $function:prompt
}

# Once per session: wrap the prompt now, and again the first time the shell is idle (the profile
# has run then) if a prompt defined after this script (starship, oh-my-posh) replaced the wrapper.
# Where PowerShell 7 offers it, also run the hook at each change of directory.
function global:_aigate_add_hook {
    if ($ExecutionContext.SessionState.PSVariable.GetValue('global:_aigate_prompt')) { return }
    _aigate_wrap_prompt
    # Register-EngineEvent, without loading its module: source, event, identifier, data, action,
    # support event, forward, and how many times.
    $null = $ExecutionContext.Events.SubscribeEvent($null, $null, 'PowerShell.OnIdle', $null, { _aigate_wrap_prompt }, $false, $false, 1)
    # Windows PowerShell 5.1 has no LocationChangedAction: reading it is an error under Set-StrictMode,
    # setting it one always. (Asking PSObject.Properties first costs more than this at every start.)
    $commands = $ExecutionContext.InvokeCommand
    try {
        $global:_aigate_location_hook = [System.EventHandler[System.Management.Automation.LocationChangedEventArgs]] {
            $exitCode = $global:LASTEXITCODE
            _aigate_hook
            $global:LASTEXITCODE = $exitCode
        }
        $commands.LocationChangedAction = [System.Delegate]::Combine($commands.LocationChangedAction, $global:_aigate_location_hook)
    } catch { $global:_aigate_location_hook = $null }
}

_aigate_start
_aigate_add_hook
