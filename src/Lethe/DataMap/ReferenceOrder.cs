namespace Lethe.DataMap;

/// <summary>Orders a datastore's collections so that a collection comes after every collection it references.</summary>
public static class ReferenceOrder
{
    /// <summary>Referenced collections first: the order to insert in. Reverse it to delete.</summary>
    /// <exception cref="InvalidOperationException">The collections reference each other in a cycle.</exception>
    public static List<Collection> ParentsFirst(IReadOnlyList<Collection> collections)
    {
        var ordered = new List<Collection>();
        var remaining = collections.ToList();
        while (remaining.Count > 0)
        {
            var ready = remaining.Where(c => c.Fields.All(f =>
                f.References is not { Collection: var target } || ordered.Any(o => o.Name == target) || target == c.Name || collections.All(o => o.Name != target))).ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException(
                    $"The collections {string.Join(", ", remaining.Select(c => c.Name))} reference each other in a cycle, so there is no order to change them in.");
            }

            ordered.AddRange(ready);
            remaining.RemoveAll(ready.Contains);
        }

        return ordered;
    }
}
