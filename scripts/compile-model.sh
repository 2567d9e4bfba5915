#!/usr/bin/env bash
# Writes Lethe's compiled EF Core models, one per provider (src/Lethe/Storage/CompiledModels/{Sqlite,Postgres}), after
# a change to the model: ./scripts/compile-model.sh. Run it after scripts/add-migration.sh; CompiledModelTests fails
# until the compiled models match the model OnModelCreating builds.
# A compiled model spares every start of `lethe` building the model of ~70 entity types (docs/benchmarks.md). EF Core
# cannot write query filters into one, so the filters are left out here and added as the model loads
# (Storage/CompiledModels/TenantFilters.cs); the tests check both.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
# Without the old compiled models, which may not compile against a changed model.
dotnet build src/Lethe.Design -nologo -v q -p:LetheCompiledModels=false
for provider in Sqlite Postgres; do
  out=src/Lethe/Storage/CompiledModels/$provider
  rm -rf "$out"
  LETHE_DESIGN_PROVIDER=$provider dotnet ef dbcontext optimize --no-build --project src/Lethe --startup-project src/Lethe.Design \
    --context LetheDbContext --output-dir "Storage/CompiledModels/$provider" --namespace "Lethe.Storage.CompiledModels.$provider"
  # An enum stored by wire name has no text for its default (most have no member 0), and EF Core would read the ""
  # it wrote for it back through the converter: without the line the sentinel is the CLR default, as in the model.
  sed -i '/\.SetSentinelFromProviderValue("");$/d' "$out"/*.cs
done
