# aigate shell integration for PowerShell.
# Load it with `aigate install` (a guarded block in $PROFILE), or:
#   Invoke-Expression (& { (aigate init powershell | Out-String) })
#
# It applies the active profile when the shell starts and whenever something it depends on changes:
# the directory's project (.aigate.toml), the config files, or the AIGATE_* variables. aigate itself
# (node) runs only then, from the prompt; at every other prompt this costs a few tests.

# The aigate program, not the function below of the same name.
if (-not $global:_AIGATE_BIN) {
    $global:_AIGATE_BIN = (Get-Command aigate -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
}
# The project file of the last refresh, and the directory it was found from.
$global:_AIGATE_PROJECT = ''; $global:_AIGATE_PWD = ''

# Each refresh (the output of `aigate env --hook`) defines these anew: the changes to apply, and
# whether nothing they depend on has changed since aigate left the variables as they are.
function global:_aigate_cached { }
function global:_aigate_as_left { return $false }

# The nearest .aigate.toml from the current directory up, or '' (as aigate finds it).
function global:_aigate_find_project {
    $dir = (Get-Location -PSProvider FileSystem).ProviderPath
    while ($dir) {
        $candidate = Join-Path $dir '.aigate.toml'
        if (Test-Path -LiteralPath $candidate -PathType Leaf) { return $candidate }
        $parent = Split-Path -Parent $dir
        if (-not $parent -or $parent -eq $dir) { break }
        $dir = $parent
    }
    return ''
}

# Runs aigate and applies what it prints; on failure it prints metadata only, so nothing is retried until something changes.
function global:_aigate_refresh {
    if (-not $global:_AIGATE_BIN) {
        $global:_AIGATE_OFF = 'unavailable'
        [Console]::Error.WriteLine('aigate: not found on PATH; the shell integration is paused in this shell (then: aigate reload)')
        return
    }
    $arguments = @('env', '--shell', 'powershell', '--hook')
    if ($global:_AIGATE_USE) { $arguments += @('--profile', $global:_AIGATE_USE) }
    $out = & $global:_AIGATE_BIN @arguments | Out-String
    if (-not $out) {
        # aigate itself could not run: pause the integration in this shell rather than fail at every prompt.
        $global:_AIGATE_OFF = 'unavailable'
        [Console]::Error.WriteLine('aigate: the shell integration is paused in this shell (aigate did not run); fix it, then: aigate reload')
        return
    }
    Invoke-Expression $out
    _aigate_cached
    $global:_AIGATE_PWD = (Get-Location).Path
}

function global:_aigate_hook {
    if ($global:_AIGATE_OFF) { return }
    $here = (Get-Location).Path
    if ($here -ne $global:_AIGATE_PWD) {
        $global:_AIGATE_PWD = $here
        if ((_aigate_find_project) -ne $global:_AIGATE_PROJECT) { _aigate_refresh; return }
    }
    if (-not (_aigate_as_left)) { _aigate_refresh }
}

# `aigate use` and `aigate off` change this session, which only a function can do; the rest goes to aigate.
function global:aigate {
    switch ($args[0]) {
        'use' {
            if ($args.Count -ne 2) { [Console]::Error.WriteLine('usage: aigate use PROFILE'); return }
            $out = & $global:_AIGATE_BIN env --shell powershell --hook --profile $args[1] | Out-String
            if ($LASTEXITCODE -ne 0) { return }
            Invoke-Expression $out
            _aigate_cached
            $global:_AIGATE_USE = $args[1]
            $global:_AIGATE_PWD = (Get-Location).Path
            $global:_AIGATE_OFF = $null
        }
        'off' {
            $out = & $global:_AIGATE_BIN off --shell powershell | Out-String
            if ($LASTEXITCODE -ne 0) { return }
            Invoke-Expression $out
            $global:_AIGATE_OFF = 'off'
            $global:_AIGATE_USE = $null
        }
        'reload' { $global:_AIGATE_OFF = $null; _aigate_refresh }
        default { & $global:_AIGATE_BIN @args }
    }
}

# Wrap the prompt once: run the hook, then the previous prompt with $? and $LASTEXITCODE as the user left them.
if (-not $global:_aigate_previous_prompt) {
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
}

_aigate_refresh
