// The whole of pwsh.exe's console host: PowerShell's own ConsoleShell, given the command line as is
// (-NoLogo, -NoProfile, -Command, -File …). See pwsh-host.csproj.
using Microsoft.PowerShell;

namespace AigatePwshHost;

internal static class Program
{
    private static int Main(string[] args) =>
        ConsoleShell.Start(bannerText: null, helpText: "PowerShell 7 (aigate's Windows test host)", args: args);
}
