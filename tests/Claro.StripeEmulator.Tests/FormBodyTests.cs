using Claro.StripeEmulator.Api;

namespace Claro.StripeEmulator.Tests;

public sealed class FormBodyTests
{
    private static FormBody Parse(params (string Key, string Value)[] pairs) =>
        FormBody.Parse(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));

    [Fact]
    public void Nested_keys_read_back_by_the_name_stripe_uses_as_param()
    {
        var form = Parse(
            ("line_items[0][price_data][unit_amount]", "1500"),
            ("line_items[0][price_data][product_data][name]", "Book"),
            ("line_items[1][quantity]", "2"),
            ("metadata[checkoutId]", "c-1"));

        Assert.Equal(1500, form.Integer("line_items[0][price_data][unit_amount]"));
        Assert.Equal("Book", form.Text("line_items[0][price_data][product_data][name]"));
        Assert.Equal(2, form.List("line_items").Count);
        Assert.Equal("c-1", form.Dictionary("metadata")["checkoutId"]);
    }

    [Fact]
    public void Expand_is_read_in_both_bracket_styles()
    {
        Assert.Equal(["a", "b.c"], Parse(("expand[]", "a"), ("expand[]", "b.c")).Expand);
        Assert.Equal(["a", "b.c"], Parse(("expand[1]", "b.c"), ("expand[0]", "a")).Expand);
    }

    [Fact]
    public void The_same_parameters_in_another_order_are_the_same_request()
    {
        Assert.Equal(Parse(("a", "1"), ("b[c]", "2")).Canonical, Parse(("b[c]", "2"), ("a", "1")).Canonical);
        Assert.NotEqual(Parse(("a", "1")).Canonical, Parse(("a", "2")).Canonical);
    }

    [Fact]
    public void An_integer_param_that_is_not_a_number_is_refused_naming_it()
    {
        var error = Assert.Throws<StripeApiException>(() => Parse(("amount", "ten")).Integer("amount"));

        Assert.Equal(("amount", 400), (error.Param, error.Status));
    }
}
