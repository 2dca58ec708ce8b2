using System.Net;
using System.Text.Json;
using k8s.Autorest;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Apply;

/// <summary>Sorts API server failures into "try again" and "no retry will fix this", and makes them readable.</summary>
public static class ApiErrors
{
    public static HttpStatusCode? Status(Exception e) => e is HttpOperationException h ? h.Response?.StatusCode : null;

    public static bool IsNotFound(Exception e) => Status(e) == HttpStatusCode.NotFound;

    public static bool IsConflict(Exception e) => Status(e) == HttpStatusCode.Conflict;

    /// <summary>Throttling, server errors, conflicts (someone wrote in between) and dropped connections.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        HttpOperationException => Status(e) is HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict or HttpStatusCode.RequestTimeout
                                  || (int?)Status(e) >= 500,
        HttpRequestException or TimeoutException or IOException => true,
        TaskCanceledException t => t.InnerException is TimeoutException,
        _ => false,
    };

    /// <summary>Bad request, forbidden, invalid: the spec or our permissions are wrong, not the moment.</summary>
    public static bool IsPermanent(Exception e) => e is HttpOperationException && !IsTransient(e);

    /// <summary>The API server's own explanation (a v1 Status message) where there is one.</summary>
    public static string Describe(Exception e)
    {
        if (e is HttpOperationException h)
        {
            var message = h.Response?.Content;
            try
            {
                if (!string.IsNullOrEmpty(message) && JsonSerializer.Deserialize<V1Status>(message) is { Message: { Length: > 0 } m })
                {
                    message = m;
                }
            }
            catch (JsonException)
            {
                // not a Status body; keep the raw text
            }

            return $"Kubernetes API answered {(int?)h.Response?.StatusCode} {h.Response?.StatusCode}: {message}";
        }

        return e.Message;
    }
}
