using NATS.Client.Core;

namespace Ladder.ServiceDefaults;

/// <summary>
/// Reads the credentials out of a NATS connection string (<c>nats://user:password@host:port</c>, the form the AppHost
/// gives) into <see cref="NatsOpts.AuthOpts"/>, and leaves the URL without them, so that no log line or trace that
/// names the server ever carries the password.
/// </summary>
public static class NatsConnectionString
{
    public static NatsOpts Apply(NatsOpts opts, string connectionString)
    {
        string? user = null;
        string? password = null;
        string? token = null;
        var urls = new List<string>();
        foreach (var part in connectionString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || uri.UserInfo.Length == 0)
            {
                urls.Add(part);
                continue;
            }

            // As NATS.Net itself does, the first server's credentials are the ones used.
            if (user is null && token is null)
            {
                var separator = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
                if (separator < 0)
                {
                    token = Uri.UnescapeDataString(uri.UserInfo);
                }
                else
                {
                    user = Uri.UnescapeDataString(uri.UserInfo[..separator]);
                    password = Uri.UnescapeDataString(uri.UserInfo[(separator + 1)..]);
                }
            }

            urls.Add(uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped));
        }

        var auth = opts.AuthOpts;
        if (user is not null)
        {
            auth = auth with { Username = user, Password = password };
        }
        else if (token is not null)
        {
            auth = auth with { Token = token };
        }

        return opts with { Url = string.Join(',', urls), AuthOpts = auth };
    }
}
