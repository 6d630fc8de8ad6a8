namespace Orchestrator.Silo.Hosting;

/// <summary>
/// <c>dotnet Orchestrator.Silo.dll probe http://127.0.0.1:8080/health/live</c>: one HTTP GET, exit code 0 on a 2xx
/// answer and 1 otherwise. Container health checks use it, so the runtime images need no curl or shell.
/// </summary>
public static class ProbeCommand
{
    public static async Task<int?> TryRunAsync(string[] args)
    {
        if (args is not ["probe", var url])
        {
            return null;
        }

        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var response = await http.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"probe {url}: {exception.Message}");
            return 1;
        }
    }
}
