namespace Claro.Platform;

public static class StartupFailure
{
    public const int ExitCode = 2;

    /// <summary>Writes one line per problem to standard error and returns the exit code the host should end with.</summary>
    public static int Report(IEnumerable<string> problems)
    {
        foreach (var problem in problems)
            Console.Error.WriteLine($"Claro cannot start: {problem}");
        return ExitCode;
    }
}
