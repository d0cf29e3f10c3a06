# aigate shell integration for PowerShell: the rest of it, which aigate.ps1 reads when it is first
# needed (the first idle moment, prompt or call of `aigate`), so that a shell starts without it.
# Only Windows PowerShell 5.1 syntax (a test checks it); what runs at a prompt calls no cmdlet.

# How to run aigate: set by `aigate init` and the installed block, else the one on PATH.
if (-not $ExecutionContext.SessionState.PSVariable.GetValue('global:_AIGATE_BIN')) {
    $global:_AIGATE_BIN = ''
    foreach ($command in @(Get-Command aigate -CommandType Application -ErrorAction SilentlyContinue)) { $global:_AIGATE_BIN = $command.Source; break }
}
function global:_aigate_session { }

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

# At start, when the cache did not hold. Running aigate sets $LASTEXITCODE: the first prompt sees
# the one the profile left (or none).
function global:_aigate_start_refresh {
    $before = $ExecutionContext.SessionState.PSVariable.Get('global:LASTEXITCODE')
    _aigate_refresh
    if ($before) { $global:LASTEXITCODE = $before.Value } else { $ExecutionContext.SessionState.PSVariable.Remove('global:LASTEXITCODE') }
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

# Once per session: wrap the prompt now, and again the first time the shell is idle (once the
# profile has run) if a prompt defined after aigate's block (starship, oh-my-posh) replaced the
# wrapper. Where PowerShell 7 offers it, also run the hook at each change of directory.
function global:_aigate_add_hook {
    if ($ExecutionContext.SessionState.PSVariable.GetValue('global:_aigate_hooked')) { return }
    $global:_aigate_hooked = $true
    _aigate_wrap_prompt
    # Register-EngineEvent, without loading its module: source, event, identifier, data, action,
    # support event, forward, and how many times.
    $null = $ExecutionContext.Events.SubscribeEvent($null, $null, 'PowerShell.OnIdle', $null, { _aigate_wrap_prompt }, $false, $false, 1)
    # Windows PowerShell 5.1 has no LocationChangedAction: reading it is an error under Set-StrictMode,
    # setting it one always.
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
_aigate_add_hook
