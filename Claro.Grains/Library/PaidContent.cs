using System.Collections.Concurrent;
using Ganss.Xss;
using Markdig;

namespace Claro.Library;

/// <summary>
/// Creator Markdown as HTML a buyer's browser can show safely: raw HTML in the source is escaped
/// by Markdig, and the result passes an allow-list sanitiser (no scripts, handlers or javascript: links).
/// </summary>
public static class PaidContent
{
    private const int CachedDocuments = 1024;

    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();
    private static readonly HtmlSanitizer Sanitizer = new();

    // Sanitising costs ~100 µs a document and every purchase check needs it: keep recent results.
    private static readonly ConcurrentDictionary<string, string> Rendered = new(StringComparer.Ordinal);

    public static string ToSafeHtml(string markdown)
    {
        if (Rendered.TryGetValue(markdown, out var html))
            return html;
        html = Sanitizer.Sanitize(Markdig.Markdown.ToHtml(markdown, Markdown));
        if (Rendered.Count >= CachedDocuments)
            Rendered.Clear();
        Rendered[markdown] = html;
        return html;
    }
}
