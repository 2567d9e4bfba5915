using System.Diagnostics;
using System.Globalization;
using Lethe.Common;
using Lethe.Storage;

namespace Lethe.Telemetry;

/// <summary>The span and the duration of one run of a request step, tagged with what the run left behind.</summary>
public static class StepTelemetry
{
    /// <param name="db">The unit of work the step runs in: the step and its request are read from its tracked entities, not queried again.</param>
    public static async Task MeasureAsync(LetheDbContext db, Guid stepId, TimeProvider time, Func<Task> run)
    {
        using var activity = LetheTelemetry.Source.StartActivity(LetheTelemetry.StepActivity);
        var started = time.GetTimestamp();
        string? error = null;
        try
        {
            await run();
        }
        catch (Exception e)
        {
            // The type only: a message can quote a datastore's answer, and with it a person's data.
            error = e.GetType().Name;
            throw;
        }
        finally
        {
            var tags = Tags(db, stepId);
            if (error is not null)
            {
                tags.Add("error.type", error);
                activity?.SetStatus(ActivityStatusCode.Error);
            }

            LetheTelemetry.StepDuration.Record(time.GetElapsedTime(started).TotalSeconds, tags);
            foreach (var tag in tags)
            {
                activity?.SetTag(tag.Key, tag.Value);
            }
        }
    }

    private static TagList Tags(LetheDbContext db, Guid stepId)
    {
        var step = db.RequestSteps.Local.FirstOrDefault(s => s.Id == stepId);
        var request = step is null ? null : db.Requests.Local.FirstOrDefault(r => r.Id == step.RequestId);
        return new TagList
        {
            { LetheTelemetry.Tags.RequestType, Text(request?.Type) },
            { LetheTelemetry.Tags.Connector, Text(step?.Connector) },
            { LetheTelemetry.Tags.StepStatus, step?.Status.ToWire() },
        };
    }

    private static string? Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture)?.ToLowerInvariant();
}
