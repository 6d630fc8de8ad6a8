// These tests start real servers and processes on a 2-core machine; running classes side by side only makes them
// compete for CPU and turns timeouts into flakes.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
