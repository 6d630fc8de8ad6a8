namespace Orchestrator.Grains;

/// <summary>Names of the Orleans grain storage providers the grains use; the silo registers one of each.</summary>
public static class StorageNames
{
    public const string ApiKeys = "apikeys";
    public const string Budgets = "budgets";
}
