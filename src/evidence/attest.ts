// The bundle as an attestation: an in-toto Statement v1 whose subjects are the input files by
// digest and whose predicate is the results, optionally signed into a DSSE envelope with a
// key the user supplies (ed25519 or ECDSA P-256, PEM, through node:crypto).
//
// The signature covers PAE(payloadType, payload) — the payload type inside the signed bytes,
// so a signature made for one type cannot pass for another — and the payload is exactly the
// bytes of `statement.intoto.json`.

import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { canonicalPretty } from './canonical.js';
import type { BundleIndex, DsseEnvelope, InTotoStatement, Json } from './types.js';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/** Stable: names the predicate's shape. A new shape gets a new version, never an edit of this one. */
export const PREDICATE_TYPE = 'https://github.com/hvsafe/hvsafe/attestation/check/v1';
export const PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export function buildStatement(index: BundleIndex, indexSha256: string): InTotoStatement {
  const predicate: Record<string, Json> = {
    tool: { ...index.tool },
    scenario: { name: index.scenario.name, path: index.scenario.path },
    options: index.options,
    properties: [...index.properties],
    complete: index.complete,
    // The ID is the sha256 of the record's canonical JSON without its timing member.
    records: index.records.map((r) => ({ id: r.id, property: r.property, engine: r.engine, verdict: r.verdict })),
    summary: { ...index.summary },
    verdict: index.verdict,
    index: { path: 'bundle.json', sha256: indexSha256 },
  };
  return {
    _type: STATEMENT_TYPE,
    subject: index.inputs.map((i) => ({ name: i.path, digest: { sha256: i.sha256 } })),
    predicateType: PREDICATE_TYPE,
    predicate,
  };
}

/** The statement's bytes as written to `statement.intoto.json` (and signed). */
export function statementBytes(statement: InTotoStatement): Buffer {
  return Buffer.from(canonicalPretty(statement), 'utf8');
}

/** DSSE pre-authentication encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body. */
export function pae(payloadType: string, body: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${body.length} `), body]);
}

export class SigningKeyError extends Error {}

export interface SigningKey {
  readonly key: KeyObject;
  /** sha256 (hex) of the public key's SubjectPublicKeyInfo DER. */
  readonly keyid: string;
  readonly alg: 'ed25519' | 'ecdsa-p256-sha256';
}

/** Load a PEM private key from a file; anything but ed25519 or P-256 is refused in words. */
export function loadSigningKey(path: string): SigningKey {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new SigningKeyError(`cannot read the signing key '${path}': ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (e) {
    const msg = (e as Error).message;
    const hint = /passphrase/i.test(msg)
      ? 'the key is encrypted; export it unencrypted for signing (e.g. openssl pkey -in key.pem -out plain.pem)'
      : 'expected a PEM private key, e.g. from: openssl genpkey -algorithm ed25519 -out key.pem';
    throw new SigningKeyError(`'${path}' is not a usable private key (${msg}); ${hint}`);
  }
  return signingKeyOf(key, path);
}

export function signingKeyOf(key: KeyObject, name = 'the key'): SigningKey {
  const type = key.asymmetricKeyType;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  let alg: SigningKey['alg'];
  if (type === 'ed25519') alg = 'ed25519';
  else if (type === 'ec' && (curve === 'prime256v1' || curve === 'P-256')) alg = 'ecdsa-p256-sha256';
  else throw new SigningKeyError(`${name} is a ${type ?? 'unknown'}${curve ? ` (${curve})` : ''} key; signing takes ed25519 or ECDSA P-256`);
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return { key, alg, keyid: createHash('sha256').update(spki).digest('hex') };
}

function algOf(key: KeyObject): string | null {
  return key.asymmetricKeyType === 'ed25519' ? null : 'sha256';
}

export function signStatement(payload: Uint8Array, k: SigningKey): DsseEnvelope {
  // ECDSA signatures are DER-encoded, as Sigstore and in-toto tooling expect.
  const sig = sign(algOf(k.key), pae(PAYLOAD_TYPE, payload), { key: k.key, dsaEncoding: 'der' });
  return { payloadType: PAYLOAD_TYPE, payload: Buffer.from(payload).toString('base64'), signatures: [{ keyid: k.keyid, sig: sig.toString('base64') }] };
}

/**
 * True when some signature of the envelope verifies under `publicKey` (PEM or KeyObject)
 * over PAE(payloadType, payload) and the payload type is in-toto's.
 */
export function verifyEnvelope(envelope: DsseEnvelope, publicKey: string | KeyObject): boolean {
  if (envelope.payloadType !== PAYLOAD_TYPE) return false;
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey.type === 'private' ? createPublicKey(publicKey) : publicKey;
  const body = Buffer.from(envelope.payload, 'base64');
  const data = pae(envelope.payloadType, body);
  return envelope.signatures.some((s) => {
    try {
      return verify(algOf(key), data, { key, dsaEncoding: 'der' }, Buffer.from(s.sig, 'base64'));
    } catch {
      return false;
    }
  });
}
