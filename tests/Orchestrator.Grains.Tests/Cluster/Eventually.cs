namespace Orchestrator.Grains.Tests.Cluster;

/// <summary>
/// Waits for a condition that other activations make true (a barrier over grain state), failing with a clear
/// message after a generous deadline instead of sleeping a fixed time.
/// </summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(5);
        }
    }
}
