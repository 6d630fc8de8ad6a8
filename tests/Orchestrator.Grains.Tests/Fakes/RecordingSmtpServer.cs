using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Orchestrator.Grains.Tests.Fakes;

/// <summary>
/// A real SMTP server (the SmtpServer package) on a free loopback port that keeps what it receives: the envelope
/// recipients, the parsed message and the credentials used.
/// </summary>
public sealed class RecordingSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private RecordingSmtpServer(int port, string? user, string? password)
    {
        Port = port;
        var builder = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint
                .Endpoint(new IPEndPoint(IPAddress.Loopback, port))
                .AllowUnsecureAuthentication(true)
                .AuthenticationRequired(user is not null));
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Authenticator(this, user, password));
        var server = new SmtpServer.SmtpServer(builder.Build(), services);
        _running = server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<ReceivedMail> Messages { get; } = new();

    public ConcurrentQueue<string> Logins { get; } = new();

    public static async Task<RecordingSmtpServer> StartAsync(string? user = null, string? password = null)
    {
        var server = new RecordingSmtpServer(FreePort(), user, password);
        // Wait until it accepts connections.
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, server.Port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }

        throw new InvalidOperationException("The test SMTP server did not start.");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store(RecordingSmtpServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            owner.Messages.Enqueue(new ReceivedMail(
                [.. transaction.To.Select(m => $"{m.User}@{m.Host}")],
                $"{transaction.From.User}@{transaction.From.Host}",
                message));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Authenticator(RecordingSmtpServer owner, string? user, string? password) : UserAuthenticator
    {
        public override Task<bool> AuthenticateAsync(ISessionContext context, string name, string secret, CancellationToken cancellationToken)
        {
            owner.Logins.Enqueue(name);
            return Task.FromResult(name == user && secret == password);
        }
    }
}

public sealed record ReceivedMail(string[] Recipients, string From, MimeMessage Message);
