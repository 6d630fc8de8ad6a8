using System.Text.Json.Serialization;

namespace Orchestrator.Silo.Hosting;

[JsonSerializable(typeof(string[]))]
internal sealed partial class SettingsJsonContext : JsonSerializerContext;
