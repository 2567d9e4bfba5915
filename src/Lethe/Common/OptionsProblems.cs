using Microsoft.Extensions.Options;

namespace Lethe.Common;

/// <summary>Settings that can say what is wrong with them, each problem a sentence naming the setting.</summary>
public interface IOptionsProblems
{
    IEnumerable<string> Problems();
}

/// <summary>Stops start-up with every problem of <typeparamref name="T"/>; Lethe's hosts print the first as one line.</summary>
public sealed class OptionsProblemsValidation<T> : IValidateOptions<T>
    where T : class, IOptionsProblems
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
