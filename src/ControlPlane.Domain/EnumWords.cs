namespace ControlPlane.Domain;

/// <summary>
/// The one definition of the words the control plane shows and stores for its enums: the member's name in lower case
/// (<c>RotateCredentials</c> is "rotatecredentials"). The API's JSON and query strings, the metadata database (and so
/// the worker's view) and messages all use these words. Parsing is exact: "Synchronous", "1" or a typo is not a value.
/// </summary>
public static class EnumWords
{
    public static string Word<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Table<TEnum>.ByValue.TryGetValue(value, out var word)
            ? word
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a {typeof(TEnum).Name}.");

    /// <summary>Every word of the enum, in declaration order.</summary>
    public static IReadOnlyList<string> All<TEnum>()
        where TEnum : struct, Enum => Table<TEnum>.InOrder;

    public static bool TryParse<TEnum>(string? word, out TEnum value)
        where TEnum : struct, Enum
    {
        if (word is not null && Table<TEnum>.ByWord.TryGetValue(word, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    public static TEnum Parse<TEnum>(string word)
        where TEnum : struct, Enum =>
        TryParse<TEnum>(word, out var value)
            ? value
            : throw new FormatException($"'{word}' is not a {typeof(TEnum).Name}; expected {Choices<TEnum>()}.");

    /// <summary>"'a' or 'b'" for two words, "one of a, b, c" for more: how messages name what a field accepts.</summary>
    public static string Choices<TEnum>()
        where TEnum : struct, Enum
    {
        var words = Table<TEnum>.InOrder;
        return words.Length == 2 ? $"'{words[0]}' or '{words[1]}'" : $"one of {string.Join(", ", words)}";
    }

    private static class Table<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly TEnum[] Values = Enum.GetValues<TEnum>();
        public static readonly string[] InOrder = [.. Values.Select(v => v.ToString().ToLowerInvariant())];
        public static readonly Dictionary<TEnum, string> ByValue = Values.Zip(InOrder).ToDictionary(p => p.First, p => p.Second);
        public static readonly Dictionary<string, TEnum> ByWord = Values.Zip(InOrder).ToDictionary(p => p.Second, p => p.First, StringComparer.Ordinal);
    }
}
