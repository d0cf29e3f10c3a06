# Parses each file named on the command line with PowerShell's own parser and prints one line per
# problem: a parse error, or syntax that Windows PowerShell 5.1 does not have (it came with 6 or 7).
# Prints nothing when every file is 5.1 code.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Parameters that cmdlets gained after 5.1 (ConvertFrom-Json -AsHashtable, ForEach-Object -Parallel, …).
$newParameters = @('AsHashtable', 'AsByteStream', 'Parallel', 'AdditionalChildPath', 'LeafBase', 'Extension',
    'SkipCertificateCheck', 'ResponseHeadersVariable', 'StatusCodeVariable', 'Authentication', 'NoProxy',
    'SkipHttpErrorCheck', 'ThrottleLimit', 'Depth', 'SecurityDescriptorSddl', 'CaseInsensitive')
# Automatic variables 5.1 does not define: under Set-StrictMode, reading them there is an error.
$newVariables = @('IsLinux', 'IsMacOS', 'IsWindows', 'IsCoreCLR', 'PSNativeCommandArgumentPassing', 'PSStyle')

foreach ($file in $args) {
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref]$tokens, [ref]$errors)
    foreach ($e in $errors) { "${file}:$($e.Extent.StartLineNumber):$($e.Extent.StartColumnNumber): parse error: $($e.Message)" }
    $found = $ast.FindAll({
        param($node)
        $type = $node.GetType().Name
        if ($type -eq 'TernaryExpressionAst' -or $type -eq 'PipelineChainAst') { return $true }
        if ($type -eq 'BinaryExpressionAst' -and $node.Operator -eq 'QuestionQuestion') { return $true }
        if ($type -eq 'AssignmentStatementAst' -and $node.Operator -eq 'QuestionQuestionEquals') { return $true }
        if (($type -eq 'MemberExpressionAst' -or $type -eq 'InvokeMemberExpressionAst' -or $type -eq 'IndexExpressionAst') -and $node.NullConditional) { return $true }
        if ($type -eq 'NamedBlockAst' -and [string]$node.BlockKind -eq 'Clean') { return $true }
        if ($type -eq 'CommandParameterAst' -and $newParameters -contains $node.ParameterName) { return $true }
        if ($type -eq 'VariableExpressionAst' -and $newVariables -contains $node.VariablePath.UserPath) { return $true }
        return $false
    }, $true)
    foreach ($node in $found) {
        "${file}:$($node.Extent.StartLineNumber):$($node.Extent.StartColumnNumber): not in Windows PowerShell 5.1: $($node.GetType().Name) $($node.Extent.Text.Split("`n")[0])"
    }
}
