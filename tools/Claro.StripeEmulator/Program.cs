using Claro.StripeEmulator;

WebApplication app;
try
{
    app = EmulatorApp.Create(args);
}
catch (InvalidSettingException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("Stripe emulator listening on {Urls}", string.Join(", ", app.Urls)));
app.Run();
return 0;

public partial class Program;
