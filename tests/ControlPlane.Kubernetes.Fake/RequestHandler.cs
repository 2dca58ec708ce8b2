using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ControlPlane.Kubernetes.Fake;

/// <summary>Turns HTTP requests into store operations and store results into API-server-shaped responses.</summary>
internal sealed class RequestHandler(ObjectStore store)
{
    public async Task HandleAsync(HttpContext ctx)
    {
        var path = ApiPath.Parse(ctx.Request.Path.Value ?? "");
        if (path is null)
        {
            await WriteAsync(ctx, StoreResult.Status(404, "NotFound", $"the server could not find the requested resource ({ctx.Request.Path})"));
            return;
        }

        var ns = path.Namespace;
        if (path.Kind.Namespaced && ns is null && path.Name is not null)
        {
            await WriteAsync(ctx, StoreResult.Status(404, "NotFound", "a namespaced object needs a namespace"));
            return;
        }

        var statusOnly = path.Subresource == "status";
        var query = ctx.Request.Query;
        var result = ctx.Request.Method switch
        {
            "GET" when path.Name is null && IsWatch(query["watch"]) => null,
            "GET" when path.Name is null => List(path.Kind, ns, query["labelSelector"]),
            "GET" => store.Get(path.Kind, ns, path.Name) is { } found ? new StoreResult(200, found) : StoreResult.NotFound(path.Kind, path.Name),
            "POST" when path.Name is null => store.Create(path.Kind, path.Kind.Namespaced ? ns : null, await ReadObjectAsync(ctx)),
            "PUT" when path.Name is not null => store.Replace(path.Kind, ns, path.Name, await ReadObjectAsync(ctx), statusOnly),
            "PATCH" when path.Name is not null => await PatchAsync(ctx, path, statusOnly),
            "DELETE" when path.Name is not null => store.Delete(path.Kind, ns, path.Name, await IsOrphanAsync(ctx)),
            _ => StoreResult.Status(405, "MethodNotAllowed", $"{ctx.Request.Method} is not supported on {ctx.Request.Path}"),
        };

        if (result is null)
        {
            await WatchAsync(ctx, path.Kind, ns);
            return;
        }

        await WriteAsync(ctx, result);
    }

    private StoreResult List(ResourceKind kind, string? ns, string? selector)
    {
        var (items, resourceVersion) = store.List(kind, ns, LabelSelector.Parse(selector));
        var list = new JsonObject
        {
            ["kind"] = kind.Kind + "List",
            ["apiVersion"] = kind.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["items"] = new JsonArray(items.Select(JsonNode (i) => i).ToArray()),
        };
        return new StoreResult(200, list);
    }

    private async Task<StoreResult> PatchAsync(HttpContext ctx, ApiPath path, bool statusOnly)
    {
        var contentType = ctx.Request.ContentType ?? "";
        if (!contentType.Contains("merge-patch+json", StringComparison.OrdinalIgnoreCase))
        {
            // Server-side apply and JSON patch are not implemented: fail loudly rather than pretend.
            return StoreResult.Status(415, "UnsupportedMediaType", $"the fake accepts merge and strategic-merge patches only, not {contentType}");
        }

        var patch = await ReadObjectAsync(ctx);
        if (!statusOnly)
        {
            patch.Remove("status");
        }

        return store.Patch(path.Kind, path.Namespace, path.Name!, patch, statusOnly);
    }

    private async Task WatchAsync(HttpContext ctx, ResourceKind kind, string? ns)
    {
        var query = ctx.Request.Query;
        var (subscription, backlog, gone) = store.Subscribe(
            kind, ns, LabelSelector.Parse(query["labelSelector"]), query["resourceVersion"], IsWatch(query["allowWatchBookmarks"]));
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.StartAsync(ctx.RequestAborted);
        if (gone is not null)
        {
            // The real server answers a too-old resourceVersion with 200 and one ERROR event carrying a 410 Status.
            await WriteEventAsync(ctx, "ERROR", gone.Body);
            return;
        }

        using var _ = subscription;
        using var timeout = int.TryParse(query["timeoutSeconds"], CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds))
            : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, subscription!.Dropped, timeout.Token);
        try
        {
            foreach (var e in backlog)
            {
                await WriteEventAsync(ctx, e.Type, e.Object);
            }

            await foreach (var e in subscription.Events.Reader.ReadAllAsync(stop.Token))
            {
                // ReadAllAsync drains buffered events without looking at the token: a dropped watch must send nothing more.
                stop.Token.ThrowIfCancellationRequested();
                await WriteEventAsync(ctx, e.Type, e.Object);
            }
        }
        catch (OperationCanceledException)
        {
            // dropped by the test, timed out, or the client went away: all end the stream
        }
        finally
        {
            store.Unsubscribe(subscription);
        }

        if (subscription.AbortConnection)
        {
            ctx.Abort();
        }
    }

    private static async Task WriteEventAsync(HttpContext ctx, string type, JsonNode obj)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString() + "\n";
        await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), ctx.RequestAborted);
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
    }

    private static async Task WriteAsync(HttpContext ctx, StoreResult result)
    {
        ctx.Response.StatusCode = result.StatusCode;
        ctx.Response.ContentType = "application/json";
        if (result.StatusCode == 429)
        {
            ctx.Response.Headers.RetryAfter = "0";
        }

        await ctx.Response.WriteAsync(result.Body.ToJsonString(), ctx.RequestAborted);
    }

    public static Task WriteFaultAsync(HttpContext ctx, int statusCode)
    {
        var reason = statusCode switch
        {
            429 => "TooManyRequests",
            409 => "Conflict",
            400 => "BadRequest",
            403 => "Forbidden",
            422 => "Invalid",
            503 => "ServiceUnavailable",
            504 => "Timeout",
            _ => "InternalError",
        };
        return WriteAsync(ctx, StoreResult.Status(statusCode, reason, $"injected fault: {statusCode} {reason}"));
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext ctx) =>
        (await JsonNode.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted)) as JsonObject ?? [];

    private static async Task<bool> IsOrphanAsync(HttpContext ctx)
    {
        if (ctx.Request.Query["propagationPolicy"] == "Orphan")
        {
            return true;
        }

        if (ctx.Request.ContentLength is > 0 || ctx.Request.Headers.TransferEncoding.Count > 0)
        {
            var options = await ReadObjectAsync(ctx);
            return options["propagationPolicy"]?.GetValue<string>() == "Orphan";
        }

        return false;
    }

    private static bool IsWatch(string? value) => value is "true" or "1";
}
