#!/usr/bin/env bash
# Adds an EF Core migration for a model change: ./scripts/add-migration.sh NAME
# The dotnet-ef tool comes from .config/dotnet-tools.json; the migration is written for SQLite and PostgreSQL at once
# (src/Lethe.Design/ProviderNeutralMigrations.cs) and the model snapshot is updated. MigrationTests then checks it on both.
# The migration is added with the compiled models left out of the build, which may not compile against a changed model.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 MigrationName" >&2; exit 2; }
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet build src/Lethe.Design -nologo -v q -p:LetheCompiledModels=false
dotnet ef migrations add "$1" --no-build --project src/Lethe --startup-project src/Lethe.Design --output-dir Storage/Migrations
# The compiled models follow the model (docs/architecture.md, "Compiled models").
./scripts/compile-model.sh
