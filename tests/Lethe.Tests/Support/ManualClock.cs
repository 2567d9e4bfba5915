namespace Lethe.Tests.Support;

/// <summary>A clock tests move by hand (Microsoft.Extensions.TimeProvider.Testing is not available here).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public static ManualClock At(string iso) => new(DateTimeOffset.Parse(iso, global::System.Globalization.CultureInfo.InvariantCulture));

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
