using Npgsql;
using Orchestrator.Silo.Hosting;
using Orchestrator.Silo.Persistence;

namespace Orchestrator.Grains.Tests.Silo;

public sealed class ConnectionSettingsTests
{
    [Fact]
    public void ReadsTheOriginalPostgresUrl()
    {
        var builder = ConnectionSettings.Postgres("postgresql://user:password@localhost/chatbot_db");

        Assert.Equal("localhost", builder.Host);
        Assert.Equal(5432, builder.Port);
        Assert.Equal("chatbot_db", builder.Database);
        Assert.Equal("user", builder.Username);
        Assert.Equal("password", builder.Password);
        Assert.True(builder.Pooling);
        Assert.Equal(ConnectionSettings.ConnectTimeoutSeconds, builder.Timeout);
    }

    [Fact]
    public void DecodesEscapedCredentialsAndReadsPortAndSslMode()
    {
        var builder = ConnectionSettings.Postgres("postgres://app%40shop:p%40ss%3Aw0rd@db.internal:6543/orders?sslmode=require");

        Assert.Equal("app@shop", builder.Username);
        Assert.Equal("p@ss:w0rd", builder.Password);
        Assert.Equal(6543, builder.Port);
        Assert.Equal(SslMode.Require, builder.SslMode);
    }

    [Fact]
    public void PooledConnectionsAreNotResetAndHotStatementsArePreparedAutomatically()
    {
        var builder = ConnectionSettings.Postgres("postgresql://user:password@localhost/chatbot_db");

        Assert.True(builder.NoResetOnClose);
        Assert.Equal(32, builder.MaxAutoPrepare);
    }

    [Fact]
    public void KeepsAnAutoPrepareLimitTheOperatorChose() =>
        Assert.Equal(5, ConnectionSettings.Postgres("Host=db;Username=u;Password=p;Database=x;Max Auto Prepare=5").MaxAutoPrepare);

    [Fact]
    public void AcceptsAnNpgsqlConnectionString() =>
        Assert.Equal("db", ConnectionSettings.Postgres("Host=db;Username=u;Password=p;Database=x").Host);

    [Theory]
    [InlineData("mysql://user@host/db")]
    [InlineData("postgresql://user@host")]
    [InlineData("postgresql://user@host/")]
    [InlineData("postgresql://user@host/db?sslmode=sometimes")]
    [InlineData("postgresql://user@host/db?pool=9")]
    [InlineData("just-a-word")]
    [InlineData("Database=x")]
    public void RejectsAMalformedDatabaseUrlNamingTheSetting(string url)
    {
        var error = Assert.Throws<SettingsException>(() => ConnectionSettings.Postgres(url));

        Assert.Equal("DATABASE_URL", error.Setting);
    }

    [Fact]
    public void NeverRepeatsThePasswordInAnError()
    {
        var error = Assert.Throws<SettingsException>(() => ConnectionSettings.Postgres("postgresql://user:s3cr3t@host/db?x=1"));

        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsTheOriginalRedisUrl()
    {
        var options = ConnectionSettings.Redis("redis://localhost:6379/1");

        Assert.Equal("localhost:6379", options.EndPoints.Single().ToString()!.Replace("Unspecified/", "", StringComparison.Ordinal));
        Assert.Equal(1, options.DefaultDatabase);
        Assert.False(options.Ssl);
        Assert.False(options.AbortOnConnectFail);
    }

    [Fact]
    public void ReadsRedisCredentialsAndTls()
    {
        var options = ConnectionSettings.Redis("rediss://default:pa%24%24@cache.example:6380");

        Assert.True(options.Ssl);
        Assert.Equal("default", options.User);
        Assert.Equal("pa$$", options.Password);
    }

    [Theory]
    [InlineData("http://localhost:6379")]
    [InlineData("redis://localhost:6379/99")]
    [InlineData("redis://localhost:6379/abc")]
    [InlineData("")]
    public void RejectsAMalformedRedisUrlNamingTheSetting(string url) =>
        Assert.Equal("REDIS_URL", Assert.Throws<SettingsException>(() => ConnectionSettings.Redis(url)).Setting);
}
