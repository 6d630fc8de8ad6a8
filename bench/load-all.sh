#!/usr/bin/env bash
# The load scenarios of docs/performance.md, one after another (about 6 minutes on 2 cores). Needs wrk, redis-server
# and the PostgreSQL 15 server binaries (.ci/install-missing --bench installs what is missing); everything runs on loopback ports and is removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
.ci/install-missing --bench
dotnet build bench/Orchestrator.Bench.Load -c Release -v quiet -nologo >/dev/null
run() { dotnet bench/Orchestrator.Bench.Load/bin/Release/net10.0/Orchestrator.Bench.Load.dll "$@"; }
run --repeat 0.9 --llm-ms 0 "$@"
run --repeat 0 --llm-ms 0 --no-bare "$@"
run --repeat 0.9 --llm-ms 300 --no-bare "$@"
run --repeat 0.9 --llm-ms 0 --hot-tenant --no-bare "$@"
