using BenchmarkDotNet.Running;

namespace Orchestrator.Bench.HotPath;

public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
