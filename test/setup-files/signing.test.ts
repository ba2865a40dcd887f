import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import forge from 'node-forge';
import { loadKnowledgeBase } from '../../src/knowledge/load';
import { createSetupFile } from '../../src/core/account-files/files';
import { loadSigningIdentity, SigningMaterialError } from '../../src/core/account-files/signing';
import { readSigningMaterial, SigningConfigError } from '../../src/config/signing';
import { makeCertificate, parsePlist, type TestIdentity } from './helpers';

const { asn1, pki } = forge;

/**
 * Opens CMS SignedData the way a device does, walking the ASN.1 itself (node-forge's reader
 * drops the content of SignedData and cannot verify it): the content, the certificates, and
 * the signer infos whose signatures are checked with Node's crypto below.
 */
function openSignedProfile(der: Buffer) {
  const root = asn1.fromDer(der.toString('binary'));
  const [type, explicit] = root.value as forge.asn1.Asn1[];
  const signedData = (explicit.value as forge.asn1.Asn1[])[0];
  const fields = signedData.value as forge.asn1.Asn1[];
  const [eContentType, eContent] = fields[2].value as forge.asn1.Asn1[];
  const octets = (eContent.value as forge.asn1.Asn1[])[0];
  const certificateSet = fields.find((f) => f.tagClass === asn1.Class.CONTEXT_SPECIFIC && f.type === 0);
  return {
    type: asn1.derToOid(type.value as string),
    contentType: asn1.derToOid(eContentType.value as string),
    content: Buffer.from(octets.value as string, 'binary'),
    certificates: ((certificateSet?.value ?? []) as forge.asn1.Asn1[]).map((c) => pki.certificateFromAsn1(c)),
    signerInfos: fields[fields.length - 1].value as forge.asn1.Asn1[],
  };
}

function verifySigner(signerInfo: forge.asn1.Asn1, content: Buffer, certificate: forge.pki.Certificate): { valid: boolean; digestMatches: boolean; contentTypeIsData: boolean } {
  const fields = signerInfo.value as forge.asn1.Asn1[];
  const signedAttributes = fields.find((f) => f.tagClass === asn1.Class.CONTEXT_SPECIFIC && f.type === 0) as forge.asn1.Asn1;
  const signature = fields[fields.length - 1].value as string;
  // The signature covers the attributes re-tagged as a SET (RFC 5652 §5.4).
  const asSet = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, signedAttributes.value as forge.asn1.Asn1[]);
  const signedBytes = Buffer.from(asn1.toDer(asSet).getBytes(), 'binary');
  const valid = verify('sha256', signedBytes, pki.publicKeyToPem(certificate.publicKey), Buffer.from(signature, 'binary'));
  const attribute = (oid: string) => {
    const found = (signedAttributes.value as forge.asn1.Asn1[]).find((a) => asn1.derToOid((a.value as forge.asn1.Asn1[])[0].value as string) === oid);
    return ((found?.value as forge.asn1.Asn1[])[1].value as forge.asn1.Asn1[])[0].value as string;
  };
  const digest = Buffer.from(attribute(pki.oids.messageDigest), 'binary');
  return {
    valid,
    digestMatches: digest.equals(createHash('sha256').update(content).digest()),
    contentTypeIsData: asn1.derToOid(attribute(pki.oids.contentType)) === pki.oids.data,
  };
}

describe('signed Apple profiles', () => {
  const kb = loadKnowledgeBase();
  let selfSigned: TestIdentity;
  let root: TestIdentity;
  let leaf: TestIdentity;

  beforeAll(() => {
    selfSigned = makeCertificate('Example Hosting profiles');
    root = makeCertificate('Example Test Root CA');
    leaf = makeCertificate('Example Hosting signing', root);
  });

  test('unsigned by default: the body is the property list itself', () => {
    const file = createSetupFile(kb, 'apple', 'alice@example.com');
    expect(typeof file.body).toBe('string');
    expect(parsePlist(file.body as string).PayloadType).toBe('Configuration');
  });

  test('with a certificate and key: DER SignedData holding the profile, with a valid signature', () => {
    const file = createSetupFile(kb, 'apple', 'alice@example.com', { signing: selfSigned });
    expect(Buffer.isBuffer(file.body)).toBe(true);
    expect(file.contentType).toBe('application/x-apple-aspen-config');
    const der = file.body as Buffer;
    expect(der[0]).toBe(0x30); // a DER SEQUENCE, not PEM or text
    const { type, contentType, content, certificates, signerInfos } = openSignedProfile(der);
    expect(type).toBe(pki.oids.signedData);
    expect(contentType).toBe(pki.oids.data);
    const profile = parsePlist(content.toString('utf8'));
    expect(profile.PayloadContent[0]).toMatchObject({ EmailAddress: 'alice@example.com', IncomingMailServerHostName: 'mail.example.com' });
    expect(certificates.map((c) => pki.certificateToPem(c))).toEqual([pki.certificateToPem(pki.certificateFromPem(selfSigned.certPem))]);
    expect(signerInfos).toHaveLength(1);
    expect(verifySigner(signerInfos[0], content, certificates[0])).toEqual({ valid: true, digestMatches: true, contentTypeIsData: true });
  });

  test('a tampered profile no longer matches its signature', () => {
    const der = createSetupFile(kb, 'apple', 'alice@example.com', { signing: selfSigned }).body as Buffer;
    const { content, certificates, signerInfos } = openSignedProfile(der);
    const tampered = Buffer.from(content.toString('utf8').replace('mail.example.com', 'evil.example.net'));
    expect(verifySigner(signerInfos[0], tampered, certificates[0]).digestMatches).toBe(false);
    const stranger = pki.certificateFromPem(makeCertificate('Someone else').certPem);
    expect(verifySigner(signerInfos[0], content, stranger).valid).toBe(false);
  });

  test('the chain is attached after the signing certificate', () => {
    const der = createSetupFile(kb, 'apple', 'alice@example.com', { signing: { ...leaf, chainPem: root.certPem } }).body as Buffer;
    const { content, certificates, signerInfos } = openSignedProfile(der);
    expect(certificates.map((c) => c.subject.getField('CN').value)).toEqual(['Example Hosting signing', 'Example Test Root CA']);
    expect(verifySigner(signerInfos[0], content, certificates[0]).valid).toBe(true);
  });

  test('material that cannot sign is refused with a reason, before any request', () => {
    const other = makeCertificate('Someone else');
    const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
    const cases: Array<[object, RegExp]> = [
      [{ certPem: selfSigned.certPem, keyPem: other.keyPem }, /does not belong/],
      [{ certPem: 'not a certificate', keyPem: selfSigned.keyPem }, /no PEM certificate/],
      [{ certPem: selfSigned.keyPem, keyPem: selfSigned.keyPem }, /no PEM certificate/],
      [{ certPem: selfSigned.certPem, keyPem: ecKey }, /RSA private key/],
      [{ certPem: selfSigned.certPem, keyPem: selfSigned.keyPem, chainPem: 'garbage' }, /chain/],
    ];
    for (const [material, reason] of cases) {
      expect(() => loadSigningIdentity(material as never)).toThrow(SigningMaterialError);
      expect(() => loadSigningIdentity(material as never)).toThrow(reason);
    }
    const later = new Date(Date.now() + 3 * 86_400_000);
    expect(() => loadSigningIdentity({ ...selfSigned }, later)).toThrow(/expired/);
  });

  describe('from the environment', () => {
    const files: Record<string, string> = {};
    const readText = (file: string) => {
      if (!(file in files)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return files[file];
    };
    beforeAll(() => {
      files['/keys/cert.pem'] = leaf.certPem;
      files['/keys/key.pem'] = leaf.keyPem;
      files['/keys/chain.pem'] = root.certPem;
      files['/keys/other-key.pem'] = selfSigned.keyPem;
    });

    test('nothing set: unsigned', () => {
      expect(readSigningMaterial({}, readText)).toBeUndefined();
      expect(readSigningMaterial({ MOBILECONFIG_SIGNING_CERT: '  ' }, readText)).toBeUndefined();
    });

    test('certificate, key and chain read from the files named', () => {
      const material = readSigningMaterial(
        { MOBILECONFIG_SIGNING_CERT: '/keys/cert.pem', MOBILECONFIG_SIGNING_KEY: '/keys/key.pem', MOBILECONFIG_SIGNING_CHAIN: '/keys/chain.pem' },
        readText,
      );
      expect(material).toEqual({ certPem: leaf.certPem, keyPem: leaf.keyPem, chainPem: root.certPem });
    });

    test.each([
      [{ MOBILECONFIG_SIGNING_CERT: '/keys/cert.pem' }, /MOBILECONFIG_SIGNING_KEY is missing/],
      [{ MOBILECONFIG_SIGNING_KEY: '/keys/key.pem' }, /MOBILECONFIG_SIGNING_CERT is missing/],
      [{ MOBILECONFIG_SIGNING_CHAIN: '/keys/chain.pem' }, /MOBILECONFIG_SIGNING_CHAIN is set but/],
      [{ MOBILECONFIG_SIGNING_CERT: '/nowhere.pem', MOBILECONFIG_SIGNING_KEY: '/keys/key.pem' }, /"\/nowhere.pem" cannot be read \(ENOENT\)/],
      [{ MOBILECONFIG_SIGNING_CERT: '/keys/cert.pem', MOBILECONFIG_SIGNING_KEY: '/keys/other-key.pem' }, /does not belong/],
    ])('%j is refused', (env, reason) => {
      expect(() => readSigningMaterial(env, readText)).toThrow(SigningConfigError);
      expect(() => readSigningMaterial(env, readText)).toThrow(reason);
    });
  });
});
