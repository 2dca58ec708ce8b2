using System.Buffers.Text;

namespace ControlPlane.Api.Infrastructure;

/// <summary>Opaque cursor tokens: the id of the last item of a page (ids are time-ordered), base64url-encoded.</summary>
public static class PageTokens
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static string Encode(Guid lastId) => Base64Url.EncodeToString(lastId.ToByteArray());

    public static string Encode(long lastId) => Base64Url.EncodeToString(BitConverter.GetBytes(lastId));

    public static bool TryDecode(string? token, out Guid lastId)
    {
        lastId = Guid.Empty;
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }

        try
        {
            var bytes = Base64Url.DecodeFromChars(token);
            if (bytes.Length != 16)
            {
                return false;
            }

            lastId = new Guid(bytes);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static bool TryDecode(string? token, out long lastId)
    {
        lastId = long.MaxValue;
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }

        try
        {
            var bytes = Base64Url.DecodeFromChars(token);
            if (bytes.Length != 8)
            {
                return false;
            }

            lastId = BitConverter.ToInt64(bytes);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
