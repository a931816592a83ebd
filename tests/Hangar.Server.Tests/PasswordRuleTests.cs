using System.Net;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// Every surface that sets a password refuses short ones, the ~10,000 most common ones and those containing the
/// username, each with its own 400 code, and changes nothing when it refuses.
/// </summary>
public class PasswordRuleTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task CreateUser_RefusesWeakPasswords_AndCreatesNobody()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var username = Api.Unique("newbie");
        foreach (var (password, code) in Cases(username))
        {
            using var response = await admin.PostAsync("/api/v1/users", Json.Body(new { username, password }));
            await AssertRefusedAsync(response, code);
        }

        var users = await Api.GetAsync(admin, "/api/v1/users?limit=500");
        Assert.DoesNotContain(users["data"]!.AsArray(), u => u!["username"]!.GetValue<string>() == username);
        await Api.PostAsync(admin, "/api/v1/users", new { username, password = "a-long-and-unusual-one" });
    }

    [Fact]
    public async Task ChangingOwnPassword_RefusesWeakPasswords_AndKeepsTheOldOne()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var username = Api.Unique("changer");
        await Api.PostAsync(admin, "/api/v1/users", new { username, password = Api.Password });
        using var user = await Server.LoginAsync(username, Api.Password);
        foreach (var (password, code) in Cases(username))
        {
            using var response = await user.PutAsync("/api/v1/users/me/password", Json.Body(new { current_password = Api.Password, new_password = password }));
            await AssertRefusedAsync(response, code);
        }

        // Refused, nothing changed: the session still works and the old password still signs in.
        await Api.GetAsync(user, "/api/v1/users/me");
        using var again = await Server.LoginAsync(username, Api.Password);
    }

    [Fact]
    public async Task ResettingAPassword_RefusesWeakPasswords()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var username = Api.Unique("forgetful");
        var id = (await Api.PostAsync(admin, "/api/v1/users", new { username, password = Api.Password }))["id"]!.GetValue<string>();
        foreach (var (password, code) in Cases(username))
        {
            using var response = await admin.PutAsync($"/api/v1/users/{id}/password", Json.Body(new { new_password = password }));
            await AssertRefusedAsync(response, code);
        }

        using var stillWorks = await Server.LoginAsync(username, Api.Password);
    }

    private static (string Password, string Code)[] Cases(string username) =>
    [
        ("only-11-chr", "password_too_short"),
        ("qwerty123456", "password_too_common"),
        ("1QAZ2WSX3EDC", "password_too_common"),
        ($"my-{username.ToUpperInvariant()}-is-great", "password_contains_username"),
    ];

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {body}");
        Assert.Equal(code, await Json.ErrorCodeAsync(response));
    }
}
