namespace Lethe.Web;

/// <summary>Marker for the console's strings in <c>Resources/SharedResource.*.resx</c> (English, Danish, Norwegian bokmål).</summary>
public sealed class SharedResource;
