namespace Claro.Platform;

/// <summary>
/// The closed set of domain errors that cross the grain boundary. The API maps each to
/// problem+json in exactly one place.
/// </summary>
[GenerateSerializer, Alias("claro.error")]
public abstract class ClaroException : Exception
{
    protected ClaroException(string message) : base(message) { }
}

/// <summary>The thing does not exist, or the caller may not see it: the two are never told apart.</summary>
[GenerateSerializer, Alias("claro.not-found")]
public sealed class NotFoundException : ClaroException
{
    public NotFoundException() : base("Not found.") { }
}

[GenerateSerializer, Alias("claro.conflict")]
public sealed class ConflictException : ClaroException
{
    public ConflictException(string code, string message, IReadOnlyList<LineConflict>? lines = null) : base(message)
    {
        Code = code;
        Lines = lines;
    }

    [Id(0)] public string Code { get; init; }

    /// <summary>For a cart or checkout: what is wrong with which line.</summary>
    [Id(1)] public IReadOnlyList<LineConflict>? Lines { get; init; }
}

/// <summary>Why one line cannot go through: <c>unavailable</c>, <c>price_changed</c> or <c>out_of_stock</c>.</summary>
[GenerateSerializer, Immutable, Alias("claro.line-conflict")]
public sealed record LineConflict(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string Reason,
    [property: Id(2)] string Detail);

/// <summary>The request is sound but could not be answered now (503), e.g. a search that ran out of time.</summary>
[GenerateSerializer, Alias("claro.unavailable")]
public sealed class UnavailableException : ClaroException
{
    public UnavailableException(string code, string message) : base(message) => Code = code;

    [Id(0)] public string Code { get; init; }
}

[GenerateSerializer, Alias("claro.validation")]
public sealed class ValidationException : ClaroException
{
    public ValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base("One or more fields are invalid.") => Errors = errors;

    public ValidationException(string field, string error)
        : this(new Dictionary<string, string[]> { [field] = [error] }) { }

    [Id(0)] public IReadOnlyDictionary<string, string[]> Errors { get; init; }
}
