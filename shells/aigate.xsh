# aigate shell integration for xonsh.
# Load it with `aigate install` (a guarded block in ~/.xonshrc), or: execx($(aigate init xonsh))
#
# It applies the active profile when the shell starts and whenever something it depends on changes:
# the directory's project (.aigate.toml), the config files, or the AIGATE_* variables. aigate itself
# (node) runs only then; at every other prompt this costs a few stat calls and forks nothing.
# At start it reuses the last result from a private cache (0600) when nothing changed since.
import os as _aigate_os
import shutil as _aigate_shutil
import subprocess as _aigate_subprocess
import sys as _aigate_sys

# How to run aigate: set by `aigate init` and the installed block, else the one on PATH.
if not globals().get('_AIGATE_BIN'):
    _AIGATE_BIN = 'aigate'
# The project file of the last refresh, and the directory it was found from.
_AIGATE_PROJECT = ''
_AIGATE_PWD = ''
_AIGATE_USE = globals().get('_AIGATE_USE', '')
_AIGATE_OFF = globals().get('_AIGATE_OFF', '')

# Each refresh (the output of `aigate env --hook`) defines these anew: the changes to apply, and
# whether nothing they depend on has changed since the variables were as aigate found them, or as
# it left them (the files it read and looked for, the profile of `aigate use`, the variables).
def _aigate_cached():
    pass

def _aigate_as_found():
    return False

def _aigate_as_left():
    return False

# The nearest .aigate.toml from $PWD up, or '' (as aigate finds it).
def _aigate_find_project():
    directory = __xonsh__.env.get('PWD', '')
    while True:
        candidate = _aigate_os.path.join(directory, '.aigate.toml')
        if _aigate_os.path.isfile(candidate):
            return candidate
        parent = _aigate_os.path.dirname(directory)
        if not directory or parent == directory:
            return ''
        directory = parent

# Runs aigate with `args` and returns what it printed (its messages go to the terminal), or None
# when it could not run.
def _aigate_output(args):
    try:
        result = _aigate_subprocess.run([_AIGATE_BIN, *args], stdout=_aigate_subprocess.PIPE, env=__xonsh__.env.detype())
    except OSError:
        return None
    return result.stdout.decode('utf-8') if result.returncode == 0 or result.stdout else None

# Runs aigate and applies what it prints; on failure aigate prints the checks only, so nothing is
# retried until something changes.
def _aigate_refresh():
    global _AIGATE_OFF, _AIGATE_PWD
    if not (_aigate_os.path.isfile(_AIGATE_BIN) or _aigate_shutil.which(_AIGATE_BIN)):
        _AIGATE_OFF = 'unavailable'
        print(f'aigate: {_AIGATE_BIN} not found; the shell integration is paused in this shell (then: aigate reload)', file=_aigate_sys.stderr)
        return
    out = _aigate_output(['env', '--shell', 'xonsh', '--hook', *(['--profile', _AIGATE_USE] if _AIGATE_USE else [])])
    if not out:
        # aigate itself could not run: pause the integration in this shell rather than fail at every prompt.
        _AIGATE_OFF = 'unavailable'
        print('aigate: the shell integration is paused in this shell (aigate did not run); fix it, then: aigate reload', file=_aigate_sys.stderr)
        return
    exec(out, globals())
    _aigate_cached()
    _AIGATE_PWD = __xonsh__.env.get('PWD', '')

# At every prompt and change of directory: where nothing changed, two function calls and no fork.
def _aigate_hook():
    global _AIGATE_PWD
    if _AIGATE_OFF:
        return
    here = __xonsh__.env.get('PWD', '')
    if here == _AIGATE_PWD:
        if not _aigate_as_left():
            _aigate_refresh()
        return
    _AIGATE_PWD = here
    if _aigate_find_project() != _AIGATE_PROJECT or not _aigate_as_left():
        _aigate_refresh()

# At start: the cached result of the last refresh, when it was made from this same state.
def _aigate_start():
    global _AIGATE_PWD
    base = __xonsh__.env.get('XDG_RUNTIME_DIR') or __xonsh__.env.get('XDG_CACHE_HOME') or _aigate_os.path.join(__xonsh__.env.get('HOME', ''), '.cache')
    cache = _aigate_os.path.join(base, 'aigate', 'env.xonsh')
    try:
        owned = not __xonsh__.env.get('AIGATE_NO_CACHE') and _aigate_os.stat(cache).st_uid == _aigate_os.getuid()
        if owned:
            with open(cache, encoding='utf-8') as file:
                exec(file.read(), globals())
            _AIGATE_PWD = __xonsh__.env.get('PWD', '')
            if _aigate_find_project() == _AIGATE_PROJECT and (_aigate_as_found() or _aigate_as_left()):
                _aigate_cached()
                return
    except OSError:
        pass
    _aigate_refresh()

# `aigate use` and `aigate off` change this shell, which only an alias can do; the rest goes to aigate.
def _aigate_alias(args, stdin=None):
    global _AIGATE_USE, _AIGATE_OFF, _AIGATE_PWD
    command = args[0] if args else ''
    if command == 'use':
        if len(args) != 2:
            print('usage: aigate use PROFILE', file=_aigate_sys.stderr)
            return 2
        out = _aigate_output(['env', '--shell', 'xonsh', '--hook', '--profile', args[1]])
        if out is None:
            return 1
        exec(out, globals())
        _aigate_cached()
        _AIGATE_USE = args[1]
        _AIGATE_PWD = __xonsh__.env.get('PWD', '')
        _AIGATE_OFF = ''
        return 0
    if command == 'off':
        out = _aigate_output(['off', '--shell', 'xonsh'])
        if out is None:
            return 1
        exec(out, globals())
        _AIGATE_OFF = 'off'
        _AIGATE_USE = ''
        return 0
    if command == 'reload':
        _AIGATE_OFF = ''
        _aigate_refresh()
        return 0
    return _aigate_subprocess.call([_AIGATE_BIN, *args], env=__xonsh__.env.detype())

aliases['aigate'] = _aigate_alias

# Once per shell: before each prompt, and at each change of directory.
if not globals().get('_aigate_hooked'):
    _aigate_hooked = True

    @events.on_pre_prompt
    def _aigate_on_prompt(**_):
        _aigate_hook()

    @events.on_chdir
    def _aigate_on_chdir(**_):
        _aigate_hook()

_aigate_start()
