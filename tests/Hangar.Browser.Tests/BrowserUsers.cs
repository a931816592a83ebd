using System.Net.Http.Json;

namespace Hangar.Browser.Tests;

/// <summary>People the admin-page tests sign in as: fresh users of the default organization, with a workspace role or none.</summary>
public static class BrowserUsers
{
    public const string Password = "browser-user-password-1";

    /// <summary>Creates a user (and makes them a member of <paramref name="ws"/> with <paramref name="role"/> when given); returns the username.</summary>
    public static async Task<string> NewAsync(HttpClient admin, string prefix, string? ws = null, string? role = null)
    {
        var username = $"{prefix}{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 10, 64)];
        var user = await UiApi.PostAsync(admin, "/api/v1/users", new { username, password = Password });
        if (ws is not null && role is not null)
        {
            using var put = await admin.PutAsJsonAsync($"/api/v1/workspaces/{ws}/members/{user["id"]!.GetValue<string>()}", new { role });
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        return username;
    }
}
