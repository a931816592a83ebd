namespace Hangar.Contracts.V1;

/// <summary>Whom to invite: <c>username</c>, or <c>user: {id}</c>; <c>role</c> is <c>member</c> (default) or <c>owner</c>.</summary>
public sealed record InvitationRequest(string? Username, IdRef? User, string? Role);
