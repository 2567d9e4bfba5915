namespace Lethe.Retention;

/// <summary>A PostgreSQL table's size in pages when a sweep began, and its rows per page as the statistics have them.</summary>
public sealed record PageLayout(long Pages, double RowsPerPage)
{
    /// <summary>The pages that hold about <paramref name="rows"/> rows: at least one.</summary>
    public long PagesFor(int rows) => Math.Max(1, (long)(rows / RowsPerPage));
}
