# aigate shell integration for PowerShell (7, and Windows PowerShell 5.1): what runs at start.
# Load it with `aigate install` (a guarded block in $PROFILE), or:
#   Invoke-Expression (& { (aigate init powershell | Out-String) })
#
# It applies the active profile when the shell starts and whenever something it depends on changes:
# the directory's project (.aigate.toml), the config files, or the AIGATE_* variables. aigate itself
# (node) runs only then. At start it applies the last result from a private cache when nothing
# changed since. PowerShell parses and compiles each construct the first time it meets one, and a
# profile's time shows at every start: so this file does only that, and the rest (aigate.session.ps1:
# the hook at each prompt and change of directory, `aigate use` and `off`) is read when first needed.
# Only Windows PowerShell 5.1 syntax (a test checks it), and no cmdlet: the first use of one from a
# module not yet loaded costs a hundred milliseconds or more. Variables are read through
# $ExecutionContext, since under Set-StrictMode reading an unset one is an error.

# The project file of the last refresh, and the directory it was found from; the profile of
# `aigate use`, and why the integration is off (kept if this script is loaded again). The cache
# and the session script are named by the installed block and `aigate init`; loaded as a file,
# this finds the session script beside it, and starts without a cache.
$global:_AIGATE_PROJECT = ''; $global:_AIGATE_PWD = ''
$global:_AIGATE_USE = [string]$ExecutionContext.SessionState.PSVariable.GetValue('global:_AIGATE_USE')
$global:_AIGATE_OFF = [string]$ExecutionContext.SessionState.PSVariable.GetValue('global:_AIGATE_OFF')
$global:_AIGATE_CACHE = [string]$ExecutionContext.SessionState.PSVariable.GetValue('global:_AIGATE_CACHE')
if (-not $ExecutionContext.SessionState.PSVariable.GetValue('global:_AIGATE_SESSION')) {
    $global:_AIGATE_SESSION = [System.IO.Path]::Combine($PSScriptRoot, 'aigate.session.ps1')
}

# Each refresh (the output of `aigate env --hook`, and the cache) defines these anew: the changes to
# apply; whether nothing they depend on has changed since the variables were as aigate found them,
# or as it left them (the files it read and looked for, the profile of `aigate use`, the variables);
# and whether the shell is where the project file was looked for from, none having appeared since.
function global:_aigate_cached { }
function global:_aigate_as_found { return $false }
function global:_aigate_as_left { return $false }
function global:_aigate_same_project { return $false }

# The rest of the integration, read once (it redefines these three), then what was asked of it.
function global:_aigate_session {
    . ([scriptblock]::Create([System.IO.File]::ReadAllText($global:_AIGATE_SESSION)))
}
function global:_aigate_hook { _aigate_session; _aigate_hook }
function global:aigate {
    _aigate_session
    if ($MyInvocation.ExpectingInput) { $input | aigate @args } else { aigate @args }
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

# The cached result of the last refresh, read as text and evaluated (an AllSigned execution policy
# would refuse a generated file), applied when it was made from this same state; else aigate runs.
# The walk up for a project file is skipped where the cache says the shell is where it was made.
# (aigate replaces the file whole, in the user's own folder: nothing to catch. Were it unreadable,
# PowerShell would print why, and aigate would run.)
if (-not ${env:AIGATE_NO_CACHE} -and [System.IO.File]::Exists($global:_AIGATE_CACHE)) {
    . ([scriptblock]::Create([System.IO.File]::ReadAllText($global:_AIGATE_CACHE)))
}
if (((_aigate_as_found) -or (_aigate_as_left)) -and ((_aigate_same_project) -or (_aigate_find_project) -eq $global:_AIGATE_PROJECT)) {
    _aigate_cached
    $global:_AIGATE_PWD = $PWD.Path
} else {
    _aigate_session
    _aigate_start_refresh
}

# The hook from the first prompt on. Where input is redirected no prompt will be shown (a script,
# an agent running a command): the rest waits for a call of `aigate`. PowerShell loads PSReadLine
# before the profile in an interactive shell, and it says when the shell is first idle: the first
# prompt is then shown and the profile has run, so a prompt defined after this block (starship,
# oh-my-posh) is wrapped too. Without PSReadLine nothing says so, and the rest is read now.
# Register-EngineEvent, without its module: source, event, identifier, data, action, support
# event, forward, how many times.
if (-not [System.Console]::IsInputRedirected) {
    if ($function:PSConsoleHostReadLine) {
        $null = $ExecutionContext.Events.SubscribeEvent($null, $null, 'PowerShell.OnIdle', $null, { _aigate_hook }, $false, $false, 1)
    } else {
        _aigate_session
    }
}
