using Google.Apis.Auth.OAuth2;

namespace Orchestrator.Grains.Understanding.Vertex;

/// <summary>Supplies the OAuth2 bearer token for Vertex AI calls.</summary>
public interface IAccessTokenSource
{
    Task<string> GetTokenAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Google credentials with the cloud-platform scope: the key file when one is configured, else application default
/// credentials (which honour <c>GOOGLE_APPLICATION_CREDENTIALS</c>, workload identity and the metadata server).
/// <see cref="ITokenAccess"/> caches the token and refreshes it before it expires.
/// </summary>
public sealed class GoogleAccessTokenSource(string? credentialsFile) : IAccessTokenSource
{
    private const string Scope = "https://www.googleapis.com/auth/cloud-platform";
    private readonly Lazy<Task<ITokenAccess>> _credential = new(() => CreateAsync(credentialsFile), LazyThreadSafetyMode.ExecutionAndPublication);

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var credential = await _credential.Value;
        return await credential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
    }

    private static async Task<ITokenAccess> CreateAsync(string? credentialsFile)
    {
        var credential = string.IsNullOrWhiteSpace(credentialsFile)
            ? await GoogleCredential.GetApplicationDefaultAsync()
            : (await CredentialFactory.FromFileAsync<ServiceAccountCredential>(credentialsFile, CancellationToken.None)).ToGoogleCredential();
        return credential.CreateScoped(Scope);
    }
}

/// <summary>A fixed token, for the fake Vertex server and private gateways that do their own authentication.</summary>
public sealed class StaticAccessTokenSource(string token) : IAccessTokenSource
{
    public Task<string> GetTokenAsync(CancellationToken cancellationToken) => Task.FromResult(token);
}
