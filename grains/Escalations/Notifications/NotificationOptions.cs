using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Grains.Escalations.Notifications;

/// <summary>Where escalation notifications go and how they are delivered (section <c>Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public SlackOptions Slack { get; set; } = new();

    public EmailOptions Email { get; set; } = new();

    public DeliveryOptions Delivery { get; set; } = new();
}

public sealed class SlackOptions
{
    /// <summary>The incoming webhook URL (<c>SLACK_WEBHOOK_URL</c>); unset means no Slack notifications.</summary>
    public Uri? WebhookUrl { get; set; }
}

public sealed class EmailOptions
{
    /// <summary>SMTP server (<c>SMTP_HOST</c>); unset means no e-mail.</summary>
    public string? Host { get; set; }

    /// <summary><c>SMTP_PORT</c>. Default 587.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Sender address (<c>SMTP_FROM</c>). Default: the username, else <c>orchestrator@localhost</c>.</summary>
    public string? From { get; set; }

    /// <summary><c>StartTls</c> (default), <c>SslOnConnect</c>, <c>Auto</c> or <c>None</c> (<c>SMTP_TLS</c>).</summary>
    [RegularExpression("^(StartTls|SslOnConnect|Auto|None)$", ErrorMessage = "Notifications:Email:Tls (SMTP_TLS) must be StartTls, SslOnConnect, Auto or None.")]
    public string Tls { get; set; } = "StartTls";

    /// <summary>Recipients (<c>ESCALATION_EMAIL_RECIPIENTS</c>, a JSON array).</summary>
    public string[] Recipients { get; set; } = [];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && Recipients.Length > 0;
}

public sealed class DeliveryOptions
{
    /// <summary>How often each silo looks for notifications to deliver (a new ticket also wakes it at once). Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claimed notification is held by one silo before another may retry it. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Attempts before a notification is marked failed. Default 12.</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 12;

    /// <summary>The first retry's delay; each next one doubles, up to <see cref="MaxDelay"/>. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Per delivery attempt. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
