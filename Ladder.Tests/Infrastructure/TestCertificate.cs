using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ladder.Tests.Infrastructure;

/// <summary>A self-signed server certificate for localhost and 127.0.0.1, made for one test run.</summary>
public static class TestCertificate
{
    public static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }

    /// <summary>Accepts exactly <paramref name="certificate"/>, as a client that pins it would.</summary>
    public static bool IsPinned(X509Certificate2 certificate, X509Certificate? presented) =>
        presented is not null && certificate.RawData.AsSpan().SequenceEqual(presented.GetRawCertData());
}
