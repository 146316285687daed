namespace Ladder.Bench.Platform;

/// <summary>CPU seconds used between two snapshots, per role, plus the machine and the wall time.</summary>
public sealed record CpuUsage(double WallSeconds, IReadOnlyDictionary<string, double> Seconds, double MachineSeconds, double MachineCapacitySeconds)
{
    public double Of(string role) => Seconds.GetValueOrDefault(role);

    public double Sum(IEnumerable<string> roles) => roles.Sum(Of);

    /// <summary>Everything the machine did that no measured role accounts for (databases, RabbitMQ, other users).</summary>
    public double Other => MachineSeconds - Seconds.Values.Sum();
}
