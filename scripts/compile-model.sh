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
  # An enum stored by wire name has no text for its default (most have no member 0), so EF Core's "" for it could not
  # be read back through the converter: the sentinel is given as the CLR default instead, as the model has it.
  perl -0pi -e 's/(var (\w+) = runtimeEntityType\.AddProperty\(\s*"\w+",\s*typeof\(([\w.]+)\),(?:(?!\);\n).)*?)\);\n(\s*)\2\.SetSentinelFromProviderValue\(""\);\n/$1,\n$4    sentinel: default($3));\n/gs' "$out"/*.cs
  ! grep -l 'SetSentinelFromProviderValue("")' "$out"/*.cs || { echo "compile-model.sh: a sentinel of \"\" is left" >&2; exit 1; }
  # Two compiled models of one context cannot both be found by attribute, and Lethe names the one it uses (UseModel in
  # LetheDbContext.Configure); without the attribute, a context configured without one builds its model as before.
  rm "$out/LetheDbContextAssemblyAttributes.cs"
done
