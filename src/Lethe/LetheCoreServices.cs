using Lethe.Accounts;
using Lethe.Audit;
using Lethe.Breaches;
using Lethe.Calendar;
using Lethe.Common;
using Lethe.Connectors;
using Lethe.Consent;
using Lethe.DataMap;
using Lethe.Execution;
using Lethe.FirstRun;
using Lethe.Messages;
using Lethe.Notices;
using Lethe.Processors;
using Lethe.Records;
using Lethe.Requests;
using Lethe.Retention;
using Lethe.Scanning;
using Lethe.Storage;
using Lethe.Tenancy;
using Lethe.Work;
using Microsoft.Extensions.DependencyInjection;

namespace Lethe;

/// <summary>Registers Lethe's core for the web host and the CLI alike: each feature registers its own services.</summary>
public static class LetheCoreServices
{
    public static IServiceCollection AddLetheCore(this IServiceCollection services, StorageSettings storage) =>
        services
            .AddStorage(storage)
            .AddWork()
            .AddCommon()
            .AddAccounts()
            .AddAudit()
            .AddTenancy()
            .AddFirstRun()
            .AddDataMap()
            .AddRecords()
            .AddNotices()
            .AddConnectors(storage)
            .AddRequests()
            .AddConsent()
            .AddMessages(storage)
            .AddRetention()
            .AddScanning()
            .AddBreaches()
            .AddProcessors()
            .AddCalendar();
}
