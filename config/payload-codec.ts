import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Encrypts every workflow and activity payload (inputs, results, query answers: records a push carries, summaries)
 * with AES-256-GCM before it reaches the Temporal server, so history holds no personal data in the clear.
 * The Web UI decrypts through the codec server (server/codec.ts) that `npm run dev` points it at.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(
    private readonly keyId: string,
    private readonly key: Buffer,
  ) {
    if (key.length !== 32) throw new Error('FABRIC_PAYLOAD_KEY: the key must be 32 bytes (base64 of 32 random bytes)');
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', this.key, iv);
      const plain = temporal.api.common.v1.Payload.encode(p).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { [METADATA_ENCODING_KEY]: encoder.encode(ENCODING), [KEY_ID]: encoder.encode(this.keyId) }, data };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      if (!p.metadata || decoder.decode(p.metadata[METADATA_ENCODING_KEY]) !== ENCODING) return p;
      const keyId = decoder.decode(p.metadata[KEY_ID]);
      if (keyId !== this.keyId)
        throw new Error(`payload encrypted with key "${keyId}", but this process has "${this.keyId}"; configure the same FABRIC_PAYLOAD_KEY everywhere`);
      const data = Buffer.from(p.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(data.length - 16));
      const plain = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}

/** `kid:base64(32 bytes)` from FABRIC_PAYLOAD_KEY; undefined (no encryption) when unset. */
export function payloadCodecFromEnv(value: string | undefined): AesGcmPayloadCodec | undefined {
  if (!value) return undefined;
  const [keyId, b64] = value.split(':');
  if (!keyId || !b64) throw new Error('FABRIC_PAYLOAD_KEY: must be <keyId>:<base64 of 32 bytes>; generate one with `fabric keys generate`');
  return new AesGcmPayloadCodec(keyId, Buffer.from(b64, 'base64'));
}
