namespace Claro.Tests.Platform;

/// <summary>A stream that will not say how long it is, so the body goes chunked and only counting can stop it.</summary>
public sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
{
    public override bool CanSeek => false;
}
