using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ControlPlane.Api.Testing.Contract;

namespace ControlPlane.Api.Testing;

/// <summary>
/// Calls the API with one key. A string body is sent as raw JSON (for malformed input); anything else is serialised.
/// Each response is checked against the OpenAPI document, here if the client's own handlers did not already.
/// </summary>
public sealed class ApiClient(HttpClient http, string? key)
{
    public string? Key => key;

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ApiResponse> PostAsync(string path, object? body = null, IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync(HttpMethod.Post, path, body, headers);

    public Task<ApiResponse> PatchAsync(string path, object? body, string? ifMatch) =>
        SendAsync(HttpMethod.Patch, path, body, ifMatch is null ? null : new Dictionary<string, string> { ["If-Match"] = ifMatch });

    public Task<ApiResponse> DeleteAsync(string path, string? ifMatch = null) =>
        SendAsync(HttpMethod.Delete, path, null, ifMatch is null ? null : new Dictionary<string, string> { ["If-Match"] = ifMatch });

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new("Bearer", key);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Content = body switch
        {
            null => null,
            string raw => new StringContent(raw, Encoding.UTF8, "application/json"),
            _ => JsonContent.Create(body, body.GetType(), options: JsonSerializerOptions.Web),
        };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var response = await http.SendAsync(request, cancel.Token);
        if (!request.Options.TryGetValue(ContractValidatingHandler.Checked, out var isChecked) || !isChecked)
        {
            await ContractValidatingHandler.CheckAsync(ContractValidation.Committed, nameof(ApiClient), request, response, cancel.Token);
        }

        return await ApiResponse.ReadAsync(response, cancel.Token);
    }
}
