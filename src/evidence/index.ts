// The evidence layer's public face, for `hvsafe check --evidence` and `hvsafe report`.

export { buildBundle, checkBundleTarget, readBundle, verifyBundle, writeBundle, summarize, smt2Matches, BundleReadError, EvidenceDirError, type BundleContext, type VerifyOptions } from './bundle.js';
export { buildStatement, loadSigningKey, pae, signStatement, signingKeyOf, statementBytes, verifyEnvelope, SigningKeyError, PAYLOAD_TYPE, PREDICATE_TYPE, STATEMENT_TYPE, type SigningKey } from './attest.js';
export { canonical, canonicalPretty, hexBigint, sha256Hex } from './canonical.js';
export { evidencePath, inputDigests, recordingReader, type RecordingReader } from './inputs.js';
export { findingJson, proofRecord, recordId, verdictRecord, z3Record, type RecordContext, type Z3Extra } from './record.js';
export { toolInfo } from './tool.js';
export { mergeBundles, MergeError, type Merged } from './merge.js';
export type * from './types.js';
