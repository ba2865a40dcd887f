import forge from 'node-forge';

/** What the operator provides to sign profiles: PEM texts (the chain may hold several certificates). */
export interface SigningMaterial {
  certPem: string;
  keyPem: string;
  chainPem?: string;
}

/** Parsed once and checked: the key belongs to the certificate. */
export interface SigningIdentity {
  certificate: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  chain: forge.pki.Certificate[];
}

/** A certificate or key that cannot sign; the message says which and why, without secrets. */
export class SigningMaterialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningMaterialError';
  }
}

function certificates(pem: string, what: string): forge.pki.Certificate[] {
  let blocks: forge.pem.ObjectPEM[] = [];
  try {
    blocks = forge.pem.decode(pem).filter((block) => block.type === 'CERTIFICATE');
  } catch {
    // Not PEM at all: reported below like PEM without a certificate.
  }
  if (!blocks.length) throw new SigningMaterialError(`the ${what} holds no PEM certificate ("-----BEGIN CERTIFICATE-----")`);
  return blocks.map((block) => {
    try {
      return forge.pki.certificateFromAsn1(forge.asn1.fromDer(block.body));
    } catch {
      // node-forge reads RSA certificates only (so does its CMS signer).
      throw new SigningMaterialError(`the ${what} is not a readable RSA certificate`);
    }
  });
}

const cache = new WeakMap<SigningMaterial, SigningIdentity>();

/** Parses and checks signing material; the result is remembered per material object. */
export function loadSigningIdentity(material: SigningMaterial, now = new Date()): SigningIdentity {
  const known = cache.get(material);
  if (known) return known;
  const [certificate] = certificates(material.certPem, 'signing certificate');
  let key: forge.pki.rsa.PrivateKey;
  try {
    key = forge.pki.privateKeyFromPem(material.keyPem) as forge.pki.rsa.PrivateKey;
  } catch {
    throw new SigningMaterialError('the signing key is not an unencrypted RSA private key in PEM (PKCS#1 or PKCS#8)');
  }
  const publicKey = certificate.publicKey as forge.pki.rsa.PublicKey;
  if (!key?.n || !publicKey?.n || key.n.compareTo(publicKey.n) !== 0) {
    throw new SigningMaterialError('the signing key does not belong to the signing certificate');
  }
  if (certificate.validity.notAfter < now) {
    throw new SigningMaterialError(`the signing certificate expired on ${certificate.validity.notAfter.toISOString().slice(0, 10)}`);
  }
  const chain = material.chainPem ? certificates(material.chainPem, 'certificate chain') : [];
  const identity = { certificate, key, chain };
  cache.set(material, identity);
  return identity;
}

/**
 * The profile wrapped in CMS (PKCS#7) SignedData, DER-encoded, with the profile inside (not
 * detached) and the certificate chain attached: the form iOS and macOS install as "Verified"
 * when the chain leads to a trusted root.
 */
export function signProfile(profile: string, identity: SigningIdentity, now = new Date()): Buffer {
  const signed = forge.pkcs7.createSignedData();
  signed.content = forge.util.createBuffer(Buffer.from(profile, 'utf8').toString('binary'));
  signed.addCertificate(identity.certificate);
  for (const certificate of identity.chain) signed.addCertificate(certificate);
  signed.addSigner({
    key: identity.key,
    certificate: identity.certificate,
    digestAlgorithm: forge.pki.oids.sha256,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
      // node-forge computes the digest of the content when the value is left out.
      { type: forge.pki.oids.messageDigest },
      // The typings say string; node-forge encodes a Date as UTCTime.
      { type: forge.pki.oids.signingTime, value: now as unknown as string },
    ],
  });
  signed.sign();
  return Buffer.from(forge.asn1.toDer(signed.toAsn1()).getBytes(), 'binary');
}
