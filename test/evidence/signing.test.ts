// Signing the statement: DSSE envelopes over PAE, verified with the public key, rejected when
// the payload, the payload type or the key is not the one signed.

import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/check.js';
import { memoryIo } from '../../src/cli/io.js';
import { pae, PAYLOAD_TYPE, verifyEnvelope } from '../../src/evidence/attest.js';
import { readBundle, verifyBundle } from '../../src/evidence/bundle.js';
import type { DsseEnvelope } from '../../src/evidence/types.js';

async function check(...argv: string[]): Promise<{ code: number; err: string }> {
  const io = memoryIo();
  const code = await checkCommand(argv, io);
  return { code, err: io.stderr() };
}

function keyFiles(kind: 'ed25519' | 'p256' | 'rsa'): { priv: string; pub: string } {
  const pair =
    kind === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : kind === 'p256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('rsa', { modulusLength: 1024 });
  const dir = mkdtempSync(join(tmpdir(), 'hvsafe-key-'));
  const priv = join(dir, 'key.pem');
  writeFileSync(priv, pair.privateKey.export({ format: 'pem', type: 'pkcs8' }));
  return { priv, pub: pair.publicKey.export({ format: 'pem', type: 'spki' }).toString() };
}

describe('signed statements (DSSE)', () => {
  it('PAE is the DSSE v1 encoding', () => {
    // The example of the DSSE protocol: byte lengths in decimal, single spaces.
    expect(pae('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
    expect(pae('t', Buffer.from('é')).toString()).toBe('DSSEv1 1 t 2 é');
  });

  for (const kind of ['ed25519', 'p256'] as const) {
    it(`${kind}: the envelope verifies with the public key and fails on a tampered payload, type or key`, async () => {
      const { priv, pub } = keyFiles(kind);
      const ev = join(mkdtempSync(join(tmpdir(), 'hvsafe-signed-')), 'ev');
      expect((await check('models/cockpit.yaml', '--runs', '5', '--property', 'isolation.memory', '--evidence', ev, '--sign-key', priv)).code).toBe(0);
      const env = JSON.parse(readFileSync(join(ev, 'statement.intoto.dsse.json'), 'utf8')) as DsseEnvelope;
      expect(env.payloadType).toBe(PAYLOAD_TYPE);
      expect(Buffer.from(env.payload, 'base64').equals(readFileSync(join(ev, 'statement.intoto.json')))).toBe(true);
      expect(env.signatures).toHaveLength(1);
      expect(env.signatures[0]!.keyid).toMatch(/^[0-9a-f]{64}$/);
      expect(verifyEnvelope(env, pub)).toBe(true);
      expect(verifyBundle(readBundle(ev), { publicKey: pub }).ok).toBe(true);

      const statement = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8'));
      statement.predicate.verdict = 'violated';
      const tampered = { ...env, payload: Buffer.from(JSON.stringify(statement)).toString('base64') };
      expect(verifyEnvelope(tampered, pub)).toBe(false);
      expect(verifyEnvelope({ ...env, payloadType: 'application/json' as typeof PAYLOAD_TYPE }, pub)).toBe(false);
      expect(verifyEnvelope(env, keyFiles(kind).pub)).toBe(false);
      writeFileSync(join(ev, 'statement.intoto.dsse.json'), JSON.stringify(tampered));
      const v = verifyBundle(readBundle(ev), { publicKey: pub });
      expect(v.problems).toEqual([expect.stringContaining('the signed payload is not'), expect.stringContaining('signature does not verify')]);
    });
  }

  it('a key that cannot sign, or --sign-key without --evidence, is a usage error before anything runs', async () => {
    const rsa = keyFiles('rsa');
    const ev = join(mkdtempSync(join(tmpdir(), 'hvsafe-signed-')), 'ev');
    const r = await check('models/cockpit.yaml', '--evidence', ev, '--sign-key', rsa.priv);
    expect(r.code).toBe(2);
    expect(r.err).toContain('is a rsa key; signing takes ed25519 or ECDSA P-256');
    const garbage = join(mkdtempSync(join(tmpdir(), 'hvsafe-key-')), 'k.pem');
    writeFileSync(garbage, 'not a key');
    expect((await check('models/cockpit.yaml', '--evidence', ev, '--sign-key', garbage)).err).toContain('is not a usable private key');
    expect((await check('models/cockpit.yaml', '--evidence', ev, '--sign-key', '/nonexistent/key.pem')).err).toContain('no such file');
    expect((await check('models/cockpit.yaml', '--sign-key', rsa.priv)).err).toContain('give --evidence DIR too');
  });
});
