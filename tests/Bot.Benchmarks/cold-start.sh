#!/usr/bin/env bash
# Cold start of `bot ask` (issue 5): publish the bot ReadyToRun, then time process start to printed answer.
#   tests/Bot.Benchmarks/cold-start.sh [extra harness options, e.g. --runs 20 --question "..."]
# SEEDS picks the corpus (default: the repository's seeds/; a generated one is e.g. /tmp/bot-bench/1000-s42/seeds).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=artifacts/bot-r2r
seeds=${SEEDS:-seeds}
work=${WORK:-${TMPDIR:-/tmp}/bot-bench/cold-start}

dotnet publish src/Bot -c Release -r linux-x64 -p:SelfContained=true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -o "$out" >/dev/null
dotnet build tests/Bot.Benchmarks -c Release >/dev/null
dotnet tests/Bot.Benchmarks/bin/Release/net10.0/Bot.Benchmarks.dll \
  --cold-start "$out/bot" --seeds "$seeds" --work "$work" "$@"
