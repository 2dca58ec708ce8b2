using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace ControlPlane.Api.Infrastructure;

/// <summary>
/// Every string inside a bound request (a body record, its nested records, lists and dictionaries), with the path the
/// caller wrote it at (highAvailability.replicationMode, tags[2]), so one rule can check them all.
/// </summary>
public static class TextFields
{
    private const int MaxDepth = 8;
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    public static IEnumerable<(string Path, string Value)> Of(object? value, string path) => Walk(value, path, 0);

    private static IEnumerable<(string Path, string Value)> Walk(object? value, string path, int depth)
    {
        switch (value)
        {
            case null:
                yield break;
            case string text:
                yield return (path, text);
                yield break;
            case IDictionary dictionary when depth < MaxDepth:
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key.ToString() ?? "";
                    var child = Join(path, key);
                    yield return (child, key);
                    foreach (var inner in Walk(entry.Value, child, depth + 1))
                    {
                        yield return inner;
                    }
                }

                yield break;
            case IEnumerable items when depth < MaxDepth:
                var index = 0;
                foreach (var item in items)
                {
                    foreach (var inner in Walk(item, $"{path}[{index++}]", depth + 1))
                    {
                        yield return inner;
                    }
                }

                yield break;
        }

        // Only the API's own request types are walked: framework types (HttpContext, services) are not input.
        var type = value.GetType();
        if (depth >= MaxDepth || type.Namespace?.StartsWith("ControlPlane.", StringComparison.Ordinal) != true || type.IsEnum)
        {
            yield break;
        }

        foreach (var property in Properties.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray()))
        {
            foreach (var inner in Walk(property.GetValue(value), Join(path, JsonNamingPolicy.CamelCase.ConvertName(property.Name)), depth + 1))
            {
                yield return inner;
            }
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
