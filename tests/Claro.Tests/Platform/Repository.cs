namespace Claro.Tests.Platform;

public static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Claro.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Tests run from inside the Claro repository (no Claro.sln above " + AppContext.BaseDirectory + ").");
    }
}
