using Ganss.Xss;
using Markdig;

namespace Claro.Library;

/// <summary>
/// Creator Markdown as HTML a buyer's browser can show safely: raw HTML in the source is escaped
/// by Markdig, and the result passes an allow-list sanitiser (no scripts, handlers or javascript: links).
/// </summary>
public static class PaidContent
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();
    private static readonly HtmlSanitizer Sanitizer = new();

    public static string ToSafeHtml(string markdown) => Sanitizer.Sanitize(Markdig.Markdown.ToHtml(markdown, Markdown));
}
