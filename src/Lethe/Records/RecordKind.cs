namespace Lethe.Records;

/// <summary>Which Art. 30 record: the controller's (30(1)) or the processor's (30(2)).</summary>
public enum RecordKind
{
    Controller = 1,
    Processor = 2,
}
