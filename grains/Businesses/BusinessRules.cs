using System.Buffers;

namespace Orchestrator.Grains.Businesses;

/// <summary>
/// What a valid tenant, product and meta entry look like. Used by the admin API and by the seed loader, so a seed
/// file is held to the same rules as an API call. Each check returns null when the value is valid, else the
/// problem in a short sentence (the caller names the field).
/// </summary>
public static class BusinessRules
{
    public const int MaxIdLength = 64;
    public const int MaxNameLength = 200;
    public const int MaxGreetingLength = 2000;
    public const int MaxMetaKeyLength = 64;
    public const int MaxMetaValueLength = 4000;
    public const int MaxMetaEntries = 100;
    public const int MaxProductsPerCall = 10_000;
    public const decimal MaxPrice = 100_000_000m;
    public const int MaxStock = 100_000_000;

    private static readonly SearchValues<char> IdCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");

    /// <summary>Tenant and product ids: 1–64 of letters, digits, '_', '.', '-', starting with a letter or digit.</summary>
    public static string? CheckId(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "is required.";
        }

        if (id.Length > MaxIdLength)
        {
            return $"must be at most {MaxIdLength} characters.";
        }

        if (id.AsSpan().IndexOfAnyExcept(IdCharacters) >= 0 || !char.IsAsciiLetterOrDigit(id[0]))
        {
            return "may contain only letters, digits, '_', '.' and '-', and must start with a letter or digit.";
        }

        return null;
    }

    public static string? CheckName(string? name) => CheckText(name, MaxNameLength);

    public static string? CheckGreeting(string? greeting) => CheckText(greeting, MaxGreetingLength);

    public static string? CheckMetaValue(string? value) => CheckText(value, MaxMetaValueLength);

    /// <summary>Meta keys: 1–64 lower-case letters (Turkish letters too), digits or '_' (e.g. <c>calisma_saatleri</c>).</summary>
    public static string? CheckMetaKey(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "is required.";
        }

        if (key.Length > MaxMetaKeyLength)
        {
            return $"must be at most {MaxMetaKeyLength} characters.";
        }

        foreach (var c in key)
        {
            if (!(char.IsLower(c) || char.IsDigit(c) || c == '_'))
            {
                return "may contain only lower-case letters, digits and '_'.";
            }
        }

        return null;
    }

    /// <summary>Prices: 0 to 100,000,000 with at most two decimals (kuruş).</summary>
    public static string? CheckPrice(decimal price)
    {
        if (price < 0 || price > MaxPrice)
        {
            return $"must be between 0 and {MaxPrice:0}.";
        }

        return decimal.Round(price, 2) != price ? "may have at most two decimals." : null;
    }

    public static string? CheckStock(long stock) =>
        stock is < 0 or > MaxStock ? $"must be a whole number between 0 and {MaxStock}." : null;

    private static string? CheckText(string? text, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "is required and must not be blank.";
        }

        if (text.Length > maxLength)
        {
            return $"must be at most {maxLength} characters.";
        }

        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            {
                return "must not contain control characters.";
            }
        }

        return null;
    }
}
