using ControlPlane.Api.Infrastructure.OpenApi;

namespace ControlPlane.Api.Infrastructure;

public static class EndpointExtensions
{
    public static RouteHandlerBuilder Validate<TRequest>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ValidationFilter<TRequest>>().ProducesValidationProblem();

    /// <summary>Declares a header the handler sets on a response of <paramref name="status"/>.</summary>
    public static RouteHandlerBuilder WithResponseHeader(this RouteHandlerBuilder builder, int status, string name, string description, bool required = true) =>
        builder.WithMetadata(new ResponseHeader(status, name, description, required));

    /// <summary>Declares the strong ETag the handler sets on these responses, for If-Match on the next change.</summary>
    public static RouteHandlerBuilder WithETag(this RouteHandlerBuilder builder, int status, bool required = true) =>
        builder.WithResponseHeader(status, "ETag", "The instance's strong ETag: its id and spec generation. Send it back in If-Match to change the instance.", required);

    /// <summary>Declares a header the handler reads from the request itself (rather than binding it as a parameter).</summary>
    public static RouteHandlerBuilder WithRequestHeader(this RouteHandlerBuilder builder, string name, string description, bool required) =>
        builder.WithMetadata(new RequestHeader(name, description, required));

    /// <summary>Declares the words a string query parameter takes (an enum in the document).</summary>
    public static RouteHandlerBuilder WithParameterWords(this RouteHandlerBuilder builder, string parameter, IReadOnlyList<string> words) =>
        builder.WithMetadata(new ParameterWords(parameter, words));

    /// <summary>A PATCH body is a JSON merge patch (RFC 7396): accepted as application/merge-patch+json as well as JSON.</summary>
    public static RouteHandlerBuilder AcceptsMergePatch<TRequest>(this RouteHandlerBuilder builder)
        where TRequest : notnull =>
        builder.Accepts<TRequest>("application/json", MergePatch.MediaType);

    /// <summary>An example request body for the document, taken from the README's walk-through.</summary>
    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder builder, string json) =>
        builder.WithMetadata(new RequestExample(json));
}
