using System.Reflection;
using ControlPlane.Api.Errors;
using ControlPlane.Domain.Instances;
using ControlPlane.Domain.Operations;
using ControlPlane.Instances;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace ControlPlane.Api.Tests;

/// <summary>Pure: each refusal's status and extensions, and what a route's return type declares for the document.</summary>
public sealed class RefusalProblemsTests
{
    private static readonly BlockingOperation Running = new(Guid.NewGuid(), OperationType.Update, OperationStatus.Running);

    public static TheoryData<Refusal, int> Statuses => new()
    {
        { new Refusal.Invalid([new DomainError("invalid_replicas", "m", "highAvailability.replicas")]), 400 },
        { new Refusal.NotFound("Instance x"), 404 },
        { new Refusal.Blocked(Running), 409 },
        { new Refusal.Conflict("The instance is deleting."), 409 },
        { new Refusal.NameTaken("orders"), 409 },
        { new Refusal.QuotaExceeded("instances", 1, 1, 1, "instances"), 409 },
        { new Refusal.PreconditionFailed("\"etag\""), 412 },
        { new Refusal.BreaksRule([new DomainError("unknown_plan", "m", "plan")]), 422 },
        { new Refusal.Unprocessable("The request changes nothing."), 422 },
        { new Refusal.OrganizationRequired(), 422 },
        { new Refusal.IdempotencyKeyInvalid(200), 422 },
        { new Refusal.IdempotencyKeyReused(), 422 },
        { new Refusal.PreconditionRequired(), 428 },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Should_answer_each_refusal_with_its_status(Refusal refusal, int status) =>
        Assert.Equal(status, Assert.IsAssignableFrom<IStatusCodeHttpResult>(RefusalProblems.From(refusal)).StatusCode);

    [Fact]
    public void Should_name_the_blocking_operation_and_where_to_follow_it()
    {
        var problem = Assert.IsType<ProblemHttpResult>(RefusalProblems.From(new Refusal.Blocked(Running))).ProblemDetails;

        var blocking = problem.Extensions["blockingOperation"]!;
        Assert.Equal($"/v1/operations/{Running.Id}", blocking.GetType().GetProperty("location")!.GetValue(blocking));
        Assert.Contains("(update) is still running", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_give_the_current_etag_and_the_fields_of_every_error()
    {
        var stale = Assert.IsType<ProblemHttpResult>(RefusalProblems.From(new Refusal.PreconditionFailed("\"abc-2\""))).ProblemDetails;
        var invalid = Assert.IsType<ValidationProblem>(RefusalProblems.From(new Refusal.Invalid(
            [new DomainError("a", "first", "storageGb"), new DomainError("b", "second", "storageGb")]))).ProblemDetails;

        Assert.Equal("\"abc-2\"", stale.Extensions["currentEtag"]);
        Assert.Equal(["first", "second"], invalid.Errors["storageGb"]);
    }

    [Fact]
    public void Should_declare_every_status_the_route_can_refuse_with_as_problem_details()
    {
        var builder = new RouteEndpointBuilder(_ => Task.CompletedTask, RoutePatternFactory.Parse("/"), 0);

        Populate<Refused<Problem400, Problem404, Problem409, Problem412, Problem422, Problem428>>(builder);

        var declared = builder.Metadata.OfType<IProducesResponseTypeMetadata>().Select(m => (m.StatusCode, m.Type, m.ContentTypes.Single())).ToList();
        Assert.Equal(
            [
                (400, typeof(HttpValidationProblemDetails), "application/problem+json"),
                (404, typeof(ProblemDetails), "application/problem+json"),
                (409, typeof(ProblemDetails), "application/problem+json"),
                (412, typeof(ProblemDetails), "application/problem+json"),
                (422, typeof(ProblemDetails), "application/problem+json"),
                (428, typeof(ProblemDetails), "application/problem+json"),
            ],
            declared);
    }

    [Fact]
    public void Should_not_answer_with_a_status_the_route_does_not_declare()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => new Refused<Problem404, Problem409>(new Refusal.PreconditionRequired()));

        Assert.Contains("428", refused.Message, StringComparison.Ordinal);
    }

    private static void Populate<TResult>(EndpointBuilder builder)
        where TResult : IEndpointMetadataProvider => TResult.PopulateMetadata(Method, builder);

    private static MethodInfo Method => typeof(RefusalProblemsTests).GetMethod(nameof(Should_not_answer_with_a_status_the_route_does_not_declare))!;
}
