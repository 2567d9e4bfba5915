using Microsoft.EntityFrameworkCore;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NetArchTest.Rules;
using static Lethe.Tests.Architecture.ArchitectureAssertions;

namespace Lethe.Tests.Architecture;

/// <summary>
/// Lethe.Web holds no domain rule: it reads what it shows, but every change of state is a command of the core, which
/// checks it, audits it and saves it. A page or endpoint that added, changed or saved entities through the DbContext
/// would be a rule (and an unaudited change) living in the web.
/// </summary>
public sealed class WebDependencyTests
{
    [Fact]
    public void No_web_type_writes_through_the_DbContext()
    {
        Types.InAssembly(WebAssembly).Count().ShouldBeGreaterThan(100, "the web's types were loaded");

        Types.InAssembly(WebAssembly).Should().MeetCustomRule(type => !Writes(type))
            .ShouldHold("Lethe.Web must change state through a core command, not DbContext/DbSet writes");
    }

    [Fact]
    public void The_write_detector_sees_a_save_an_add_and_a_bulk_update()
    {
        using var self = ModuleDefinition.ReadModule(typeof(WebDependencyTests).Assembly.Location);
        TypeDefinition Read(Type type) => self.GetType(type.FullName!.Replace('+', '/'));

        Writes(Read(typeof(DeliberateWrites.Save))).ShouldBeTrue("SaveChangesAsync after Remove");
        Writes(Read(typeof(DeliberateWrites.Add))).ShouldBeTrue("DbSet.Add");
        Writes(Read(typeof(DeliberateWrites.BulkDelete))).ShouldBeTrue("ExecuteDeleteAsync");
        Writes(Read(typeof(DeliberateWrites.Read))).ShouldBeFalse("a query and a list's Add are no writes");
    }

    private static readonly string[] WriteMethods = ["SaveChanges", "SaveChangesAsync", "Add", "AddAsync", "AddRange", "AddRangeAsync", "Update", "UpdateRange", "Remove", "RemoveRange", "Attach", "AttachRange"];

    /// <summary>Whether any method of the type (its lambdas and async bodies included) calls an EF CoreAssembly write.</summary>
    private static bool Writes(TypeDefinition type) =>
        type.Methods.Where(m => m.HasBody).SelectMany(m => m.Body.Instructions).Any(IsWrite) || type.NestedTypes.Any(Writes);

    private static bool IsWrite(Instruction instruction)
    {
        if (instruction.OpCode.Code is not (Code.Call or Code.Callvirt) || instruction.Operand is not MethodReference method)
        {
            return false;
        }

        var declaring = method.DeclaringType.Namespace + "." + method.DeclaringType.Name;
        return method.Name.StartsWith("ExecuteUpdate", StringComparison.Ordinal) || method.Name.StartsWith("ExecuteDelete", StringComparison.Ordinal)
            ? declaring.StartsWith("Microsoft.EntityFrameworkCore.", StringComparison.Ordinal)
            : WriteMethods.Contains(method.Name) && (IsDbContext(method.DeclaringType) || declaring == "Microsoft.EntityFrameworkCore.DbSet`1");
    }

    /// <summary>Only Lethe's and EF CoreAssembly's own types are looked up: a list's Add is not resolved, nor is it a write.</summary>
    private static bool IsDbContext(TypeReference type)
    {
        if (!type.Namespace.StartsWith("Lethe.", StringComparison.Ordinal) && !type.Namespace.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
            && !type.Namespace.StartsWith("Microsoft.AspNetCore.Identity.EntityFrameworkCore", StringComparison.Ordinal))
        {
            return false;
        }

        for (TypeReference? current = type; current is not null && !current.Namespace.StartsWith("System", StringComparison.Ordinal); current = current.Resolve()?.BaseType)
        {
            if (current.FullName == "Microsoft.EntityFrameworkCore.DbContext")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What the detector must and must not catch (never called).</summary>
    private static class DeliberateWrites
    {
        public static class Save
        {
            public static async Task RunAsync(Lethe.Storage.LetheDbContext db)
            {
                db.Remove(await db.ApiKeys.FirstAsync());
                await db.SaveChangesAsync();
            }
        }

        public static class Add
        {
            public static void Run(Lethe.Storage.LetheDbContext db, Lethe.Accounts.ApiKey key) => db.ApiKeys.Add(key);
        }

        public static class BulkDelete
        {
            public static Task<int> RunAsync(Lethe.Storage.LetheDbContext db) => db.ApiKeys.ExecuteDeleteAsync();
        }

        public static class Read
        {
            public static async Task<List<string>> RunAsync(Lethe.Storage.LetheDbContext db)
            {
                var names = await db.ApiKeys.Select(k => k.Name).ToListAsync();
                names.Add("and one more");
                return names;
            }
        }
    }
}
