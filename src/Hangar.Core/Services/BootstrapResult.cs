using Hangar.Core.Domain;

namespace Hangar.Core.Services;

public sealed record BootstrapResult(Organization Organization, Workspace Workspace, User Admin, string? GeneratedPassword);
