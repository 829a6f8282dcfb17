package dev.canirundocker.daemon;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds an {@link SSLContext} from the PEM files docker uses ({@code ca.pem}, {@code cert.pem},
 * {@code key.pem}; docker/go-connections tlsconfig). Keys may be PKCS#8 ({@code PRIVATE KEY}),
 * PKCS#1 RSA ({@code RSA PRIVATE KEY}, what {@code openssl genrsa} wrote before OpenSSL 3 and
 * docker-machine still writes) or SEC1 EC ({@code EC PRIVATE KEY}); the JDK reads only PKCS#8, so
 * the other two are wrapped in a PKCS#8 envelope (RFC 5208, RFC 8017 appendix A.1, RFC 5915).
 * Encrypted keys are refused.
 */
final class PemTls {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s:,-]*?)-----END \\1-----");
  private static final long MAX_PEM_BYTES = 1 << 20;
  // DER of AlgorithmIdentifier { rsaEncryption, NULL }
  private static final byte[] RSA_ALG = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };
  // DER of OID id-ecPublicKey 1.2.840.10045.2.1
  private static final byte[] EC_OID = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  private PemTls() {}

  static SSLContext context(DaemonTls tls) throws DaemonEndpointException {
    try {
      TrustManager[] tms;
      if (!tls.verify()) {
        tms = new TrustManager[] {new TrustAll()};
      } else if (tls.caFile() != null) {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        int i = 0;
        for (Certificate c : certificates(tls.caFile())) {
          ts.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        tms = tmf.getTrustManagers();
      } else {
        tms = null; // the JVM's trust store, as Go uses the system roots
      }
      KeyManager[] kms = null;
      if (tls.certFile() != null && tls.keyFile() != null) {
        kms = keyManagers(tls.certFile(), tls.keyFile());
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kms, tms, null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new DaemonEndpointException(
          "cannot load TLS material ("
              + (tls.certFile() != null ? tls.certFile().getParent() : tls.caFile())
              + "): "
              + e.getMessage(),
          e);
    }
  }

  static KeyManager[] keyManagers(Path certFile, Path keyFile)
      throws IOException, GeneralSecurityException {
    List<Certificate> chain = certificates(certFile);
    PrivateKey key = privateKey(keyFile);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    char[] pw = "changeit".toCharArray();
    ks.setKeyEntry("client", key, pw, chain.toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pw);
    return kmf.getKeyManagers();
  }

  static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<Certificate> out = new ArrayList<>();
    for (String[] b : blocks(pem)) {
      if (b[0].equals("CERTIFICATE")) {
        out.add(
            cf.generateCertificate(new ByteArrayInputStream(Base64.getMimeDecoder().decode(b[1]))));
      }
    }
    if (out.isEmpty()) {
      throw new GeneralSecurityException(pem + ": no CERTIFICATE block");
    }
    return out;
  }

  static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
    for (String[] b : blocks(pem)) {
      byte[] der;
      switch (b[0]) {
        case "PRIVATE KEY":
          der = Base64.getMimeDecoder().decode(b[1]);
          break;
        case "RSA PRIVATE KEY":
          if (b[1].contains("ENCRYPTED")) {
            throw new GeneralSecurityException(pem + ": encrypted keys are not supported");
          }
          der =
              seq(
                  concat(
                      new byte[] {0x02, 0x01, 0x00},
                      RSA_ALG,
                      tlv(0x04, Base64.getMimeDecoder().decode(b[1]))));
          break;
        case "EC PRIVATE KEY":
          byte[] sec1 = Base64.getMimeDecoder().decode(b[1]);
          der =
              seq(
                  concat(
                      new byte[] {0x02, 0x01, 0x00},
                      seq(concat(EC_OID, ecCurve(sec1, pem))),
                      tlv(0x04, sec1)));
          break;
        case "ENCRYPTED PRIVATE KEY":
          throw new GeneralSecurityException(pem + ": encrypted keys are not supported");
        default:
          continue;
      }
      for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
        try {
          return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
          // try the next algorithm
        }
      }
      throw new GeneralSecurityException(pem + ": unsupported private key");
    }
    throw new GeneralSecurityException(pem + ": no PRIVATE KEY block");
  }

  /** The curve OID of a SEC1 ECPrivateKey: the [0] parameters element (RFC 5915 section 3). */
  private static byte[] ecCurve(byte[] sec1, Path pem) throws GeneralSecurityException {
    int[] p = {0};
    readHeader(sec1, p, 0x30, pem);
    int end = sec1.length;
    while (p[0] < end) {
      int tag = sec1[p[0]] & 0xff;
      int len = readHeader(sec1, p, tag, pem);
      if (tag == 0xa0) {
        int start = p[0];
        byte[] oid = new byte[len];
        System.arraycopy(sec1, start, oid, 0, len);
        return oid;
      }
      p[0] += len;
    }
    throw new GeneralSecurityException(pem + ": EC key without curve parameters");
  }

  private static int readHeader(byte[] d, int[] p, int tag, Path pem)
      throws GeneralSecurityException {
    if (p[0] + 2 > d.length || (d[p[0]] & 0xff) != tag) {
      throw new GeneralSecurityException(pem + ": malformed EC key");
    }
    p[0]++;
    int len = d[p[0]++] & 0xff;
    if (len >= 0x80) {
      int n = len & 0x7f;
      if (n > 3 || p[0] + n > d.length) {
        throw new GeneralSecurityException(pem + ": malformed EC key");
      }
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (d[p[0]++] & 0xff);
      }
    }
    if (p[0] + len > d.length) {
      throw new GeneralSecurityException(pem + ": malformed EC key");
    }
    return len;
  }

  private static byte[] seq(byte[] content) {
    return tlv(0x30, content);
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(tag);
    int n = content.length;
    if (n < 0x80) {
      o.write(n);
    } else if (n < 0x100) {
      o.write(0x81);
      o.write(n);
    } else if (n < 0x10000) {
      o.write(0x82);
      o.write(n >> 8);
      o.write(n);
    } else {
      o.write(0x83);
      o.write(n >> 16);
      o.write(n >> 8);
      o.write(n);
    }
    o.writeBytes(content);
    return o.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  private static List<String[]> blocks(Path pem) throws IOException, GeneralSecurityException {
    if (Files.size(pem) > MAX_PEM_BYTES) {
      throw new GeneralSecurityException(pem + ": larger than " + MAX_PEM_BYTES + " bytes");
    }
    String s = Files.readString(pem, StandardCharsets.US_ASCII);
    List<String[]> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(s);
    while (m.find()) {
      String body = m.group(2);
      if (body.contains("Proc-Type:")) {
        throw new GeneralSecurityException(pem + ": encrypted keys are not supported");
      }
      out.add(new String[] {m.group(1), body});
    }
    return out;
  }

  /** DOCKER_TLS without DOCKER_TLS_VERIFY, or a context with SkipTLSVerify: no verification. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
