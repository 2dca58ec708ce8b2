namespace ControlPlane.Api.Testing.Contract;

/// <summary>
/// Sits in a test's HTTP client and checks each response against the document as it arrives: in strict mode the test
/// whose request got a mismatching answer fails with what is wrong; either way the mismatch is logged.
/// </summary>
public sealed class ContractValidatingHandler(ContractDocument document, string seenBy) : DelegatingHandler
{
    /// <summary>Set on a request once checked, so an <see cref="ApiClient"/> over this handler does not check it again.</summary>
    public static readonly HttpRequestOptionsKey<bool> Checked = new("ControlPlane.ContractChecked");

    public ContractValidatingHandler(string seenBy)
        : this(ContractValidation.Committed, seenBy)
    {
    }

    public static async Task CheckAsync(ContractDocument document, string seenBy, HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        request.Options.Set(Checked, true);
        // Buffered, so whoever reads the body after this check reads it whole.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var exchange = ContractExchange.From(request, response, body);
        var mismatches = ContractValidator.Check(document, exchange);
        if (mismatches.Count == 0)
        {
            return;
        }

        ContractMismatchLog.Record(mismatches, seenBy);
        if (ContractValidation.Strict)
        {
            throw new ContractMismatchException($"{exchange}, body: {(body.Length > 600 ? body[..600] + "…" : body)}", mismatches);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            await CheckAsync(document, seenBy, request, response, cancellationToken);
        }
        catch (ContractMismatchException)
        {
            response.Dispose();
            throw;
        }

        return response;
    }
}
