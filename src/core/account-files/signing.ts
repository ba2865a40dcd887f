import type forge from 'node-forge';

/**
 * node-forge takes about 40 ms to load, more than the rest of `ask`'s start: it is loaded on the
 * first check or signature, not with the core.
 */
function forgeLib(): typeof forge {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node-forge') as typeof forge;
}

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
  const lib = forgeLib();
  let blocks: forge.pem.ObjectPEM[] = [];
  try {
    blocks = lib.pem.decode(pem).filter((block) => block.type === 'CERTIFICATE');
  } catch {
    // Not PEM at all: reported below like PEM without a certificate.
  }
  if (!blocks.length) throw new SigningMaterialError(`the ${what} holds no PEM certificate ("-----BEGIN CERTIFICATE-----")`);
  return blocks.map((block) => {
    try {
      return lib.pki.certificateFromAsn1(lib.asn1.fromDer(block.body));
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
  const lib = forgeLib();
  const [certificate] = certificates(material.certPem, 'signing certificate');
  let key: forge.pki.rsa.PrivateKey;
  try {
    key = lib.pki.privateKeyFromPem(material.keyPem) as forge.pki.rsa.PrivateKey;
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
  const lib = forgeLib();
  const signed = lib.pkcs7.createSignedData();
  signed.content = lib.util.createBuffer(Buffer.from(profile, 'utf8').toString('binary'));
  signed.addCertificate(identity.certificate);
  for (const certificate of identity.chain) signed.addCertificate(certificate);
  signed.addSigner({
    key: identity.key,
    certificate: identity.certificate,
    digestAlgorithm: lib.pki.oids.sha256,
    authenticatedAttributes: [
      { type: lib.pki.oids.contentType, value: lib.pki.oids.data },
      // node-forge computes the digest of the content when the value is left out.
      { type: lib.pki.oids.messageDigest },
      // The typings say string; node-forge encodes a Date as UTCTime.
      { type: lib.pki.oids.signingTime, value: now as unknown as string },
    ],
  });
  signed.sign();
  return Buffer.from(lib.asn1.toDer(signed.toAsn1()).getBytes(), 'binary');
}
