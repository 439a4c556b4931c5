using Blueprint.Api.Auth;
using Blueprint.Api.Hosting;
using Blueprint.Api.Mail;
using Blueprint.Data.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Blueprint.Api.Accounts;

/// <summary>
/// <c>admin create --email E [--name N] [--password-stdin]</c>: the first administrator, made from the command line
/// (migrating the database first). Prints a one-time set-password link, or reads the password from standard input.
/// An address that already has an account is refused (exit 1) and left as it is.
/// </summary>
public static class AdminCli
{
    public const string Usage = "admin create --email E [--name N] [--password-stdin]";

    public static async Task<int> RunAsync(IHost host, string[] args)
    {
        if (args.Length == 0 || args[0] != "create")
        {
            throw new ArgumentException("The only admin subcommand is 'create'.");
        }
        string? email = null, name = null;
        var passwordStdin = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--email" when i + 1 < args.Length: email = args[++i].Trim(); break;
                case "--name" when i + 1 < args.Length: name = args[++i].Trim(); break;
                case "--password-stdin": passwordStdin = true; break;
                default: throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }
        }
        if (string.IsNullOrEmpty(email) || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            throw new ArgumentException("--email takes one e-mail address, such as admin@example.org.");
        }

        await host.InitialiseDatabaseAsync(checkBoundaries: false);
        using var scope = host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Person>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            await Console.Error.WriteLineAsync($"admin create: there is already an account for {email}; nothing was changed. Use 'forgot password' to set its password.");
            return 1;
        }
        var person = new Person
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = name ?? "", Role = Roles.Admin, CreatedAt = DateTime.UtcNow,
        };
        var password = passwordStdin ? (await Console.In.ReadLineAsync())?.TrimEnd('\r', '\n') ?? "" : null;
        var created = password is null ? await users.CreateAsync(person) : await users.CreateAsync(person, password);
        if (!created.Succeeded)
        {
            await Console.Error.WriteLineAsync("admin create: " + string.Join(" ", created.Errors.Select(e => e.Description)));
            return 1;
        }
        if (password is null)
        {
            var mail = host.Services.GetRequiredService<IConfiguration>().GetSection(MailOptions.Section).Get<MailOptions>() ?? new MailOptions();
            Console.WriteLine(await AccountLinks.ResetLinkAsync(users, person, mail));
            await Console.Error.WriteLineAsync($"Created administrator {email}. Open the link above (once, within {scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccountOptions>>().Value.ResetLinkHours} hours) to choose a password.");
        }
        else
        {
            await Console.Error.WriteLineAsync($"Created administrator {email}.");
        }
        return 0;
    }
}
