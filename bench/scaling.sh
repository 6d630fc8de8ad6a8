#!/usr/bin/env bash
# How the cost of a message grows with the number of shops, the catalogue and the users (docs/performance.md):
# the 90 %-repeat scenario at three sizes of each, shorter runs (about 9 minutes in all), then the memory of idle
# sessions. Same needs as load-all.sh; everything runs on loopback ports and is removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
.ci/install-missing --bench
dotnet build bench/Orchestrator.Bench.Load -c Release -v quiet -nologo >/dev/null
run() { dotnet bench/Orchestrator.Bench.Load/bin/Release/net10.0/Orchestrator.Bench.Load.dll --repeat 0.9 --llm-ms 0 --no-bare --duration 10 --warmup 15 "$@"; }
run                      # 50 shops, 20 products, 5,000 users: the common point of the three series
run --tenants 5
run --tenants 500
run --products 200
run --products 2000
run --users 1000
run --users 20000
dotnet bench/Orchestrator.Bench.Load/bin/Release/net10.0/Orchestrator.Bench.Load.dll --memory 0,5000,10000,20000
