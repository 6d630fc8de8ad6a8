using System.Globalization;
using Orchestrator.Bench.IntentModel;
using Orchestrator.Grains.Understanding.LocalModel;

// Stratified k-fold cross-validation of the local intent model on its embedded training set. Every fold trains the
// full model (its own inner calibration included) on the other folds, so nothing about a held-out message leaks.
// Exit codes: 0 all gates passed, 1 a quality gate failed, 2 bad arguments or a crash.
try
{
    if (!BenchOptions.TryParse(args, out var options, out var error))
    {
        Console.Error.WriteLine(error);
        Console.Error.WriteLine(BenchOptions.Usage);
        return 2;
    }

    if (options is null)
    {
        Console.WriteLine(BenchOptions.Usage);
        return 0;
    }

    CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
    var trainingSet = IntentTrainingSet.Embedded;
    Console.WriteLine($"Local intent model: {trainingSet.Examples.Count} examples, {options.Folds}-fold stratified CV, seed {options.Seed}");
    Console.WriteLine();

    var result = CrossValidation.Run(trainingSet, options);
    var report = Report.Build(result, options);
    Console.Write(report.Text);
    return report.Passed ? 0 : 1;
}
catch (Exception exception)
{
    Console.Error.WriteLine($"Cross-validation failed: {exception}");
    return 2;
}
