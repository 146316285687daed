using Microsoft.Extensions.Configuration;
using Ladder.AppHost.LocalProcesses;

namespace Ladder.AppHost;

/// <summary>
/// An HTTPS endpoint on every chat node beside its HTTP one (<c>Ladder:Tls</c>), for clients that must use
/// <c>wss://</c> without a proxy in front: a certificate in PEM (<c>CertificatePath</c> and <c>KeyPath</c>) or PKCS#12
/// without a password (<c>CertificatePath</c> alone). The key file should be readable by its owner only; no password
/// is taken, so none has to be stored. Node n listens on <c>Ports:ChatTlsBase</c> + n − 1 (a free port when 0).
/// </summary>
internal sealed record ChatTls(string CertificatePath, string? KeyPath, int PortBase)
{
    public static ChatTls? From(IConfiguration section)
    {
        var certificate = section["Tls:CertificatePath"];
        if (string.IsNullOrWhiteSpace(certificate))
        {
            return null;
        }

        certificate = Path.GetFullPath(certificate);
        if (!File.Exists(certificate))
        {
            throw new InvalidOperationException($"Ladder:Tls:CertificatePath names {certificate}, which does not exist.");
        }

        var key = section["Tls:KeyPath"] is { Length: > 0 } keyPath ? Path.GetFullPath(keyPath) : null;
        if (key is not null && !File.Exists(key))
        {
            throw new InvalidOperationException($"Ladder:Tls:KeyPath names {key}, which does not exist.");
        }

        return new ChatTls(certificate, key, section.GetValue("Ports:ChatTlsBase", 0));
    }

    /// <summary>The HTTPS port of chat node <paramref name="number"/> (from 1).</summary>
    public int PortFor(int number) => PortBase > 0 ? PortBase + number - 1 : FreePort.Next();
}
