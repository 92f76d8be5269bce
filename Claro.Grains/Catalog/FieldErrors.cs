using Claro.Platform;

namespace Claro.Catalog;

/// <summary>Collects every field's problems, so one 400 names them all.</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public int Count => _errors.Count;

    public void Add(string field, string? problem)
    {
        if (problem is null)
            return;
        if (!_errors.TryGetValue(field, out var list))
            _errors[field] = list = [];
        list.Add(problem);
    }

    public void Add(string field, IEnumerable<string> problems)
    {
        foreach (var problem in problems)
            Add(field, problem);
    }

    public void AddAll(IEnumerable<(string Field, string Problem)> problems)
    {
        foreach (var (field, problem) in problems)
            Add(field, problem);
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
            throw new ValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }
}
