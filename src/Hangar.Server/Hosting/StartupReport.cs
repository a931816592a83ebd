using Hangar.Core.Services;

namespace Hangar.Server.Hosting;

/// <summary>What <see cref="HangarServer.PrepareAsync"/> did: the database it uses and what the first start created.</summary>
public sealed record StartupReport(string Database, BootstrapResult? Bootstrap);
