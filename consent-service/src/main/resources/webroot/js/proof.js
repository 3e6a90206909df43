// SPDX-License-Identifier: Apache-2.0
// "Check this block": the audit proof's hashes recomputed in the browser from the block's bytes,
// as CONSENT-PROTOCOL.md §10 says: the data hash is SHA-256 over the block's data entries, in
// order, nothing between them; the header hash is SHA-256 of the DER of
// SEQUENCE { INTEGER number, OCTET STRING previous_hash, OCTET STRING data_hash }.

import { PageError, concat, fromB64, fromUtf8, hex, sha256 } from './jose.js';

/** Reads protobuf fields (wire types 0, 1, 2 and 5) from bytes. */
function* fields(bytes) {
  let i = 0;
  const varint = () => {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      if (i >= bytes.length || shift > 63n) throw new PageError('errBlockUnreadable');
      const b = bytes[i++];
      value |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return value;
      shift += 7n;
    }
  };
  while (i < bytes.length) {
    const tag = varint();
    const number = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (wire === 0) {
      yield { number, value: varint() };
    } else if (wire === 2) {
      const length = Number(varint());
      if (i + length > bytes.length) throw new PageError('errBlockUnreadable');
      yield { number, value: bytes.subarray(i, i + length) };
      i += length;
    } else if (wire === 1 || wire === 5) {
      i += wire === 1 ? 8 : 4;
      if (i > bytes.length) throw new PageError('errBlockUnreadable');
    } else {
      throw new PageError('errBlockUnreadable');
    }
  }
}

const field = (bytes, number) => {
  for (const f of fields(bytes)) if (f.number === number) return f.value;
  return undefined;
};

/** The parts of a common.Block: header number, previous_hash, data_hash; the data entries. */
export function parseBlock(bytes) {
  let header;
  let data = new Uint8Array(0);
  for (const f of fields(bytes)) {
    if (f.number === 1) header = f.value;
    if (f.number === 2) data = f.value;
  }
  if (!header) throw new PageError('errBlockUnreadable');
  const entries = [];
  for (const f of fields(data)) if (f.number === 1) entries.push(f.value);
  return {
    number: field(header, 1) ?? 0n,
    previousHash: field(header, 2) ?? new Uint8Array(0),
    dataHash: field(header, 3) ?? new Uint8Array(0),
    entries,
  };
}

/** The transaction id in an envelope (Envelope.payload → Payload.header → channel_header.tx_id). */
export function transactionId(envelope) {
  try {
    const payload = field(envelope, 1);
    const header = payload && field(payload, 1);
    const channelHeader = header && field(header, 1);
    const txId = channelHeader && field(channelHeader, 5);
    return txId ? fromUtf8(txId) : null;
  } catch {
    return null;
  }
}

function derLength(n) {
  if (n < 0x80) return new Uint8Array([n]);
  const bytes = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return new Uint8Array([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag, value) => concat(new Uint8Array([tag]), derLength(value.length), value);

function derInteger(n) {
  const bytes = [];
  for (let v = n; v > 0n; v >>= 8n) bytes.unshift(Number(v & 0xffn));
  if (bytes.length === 0 || bytes[0] & 0x80) bytes.unshift(0);
  return tlv(0x02, new Uint8Array(bytes));
}

/** The DER bytes the header hash covers. */
export function headerDer(number, previousHash, dataHash) {
  return tlv(0x30, concat(derInteger(number), tlv(0x04, previousHash), tlv(0x04, dataHash)));
}

/**
 * Recomputes a proof (the answer of GET /audit/transactions/{txId}/proof) from its block bytes and
 * says whether each hash matches.
 */
export async function checkProof(proof) {
  let block;
  try {
    block = parseBlock(fromB64(proof.block));
  } catch {
    return { ok: false, unreadable: true };
  }
  const computedData = hex(await sha256(concat(...block.entries)));
  const recordedData = hex(block.dataHash);
  const computedHeader = hex(await sha256(headerDer(block.number, block.previousHash, block.dataHash)));
  const index = block.entries.findIndex((e) => transactionId(e) === proof.transactionId);
  const checks = {
    blockNumber: { ok: block.number === BigInt(proof.blockNumber), value: block.number.toString() },
    dataHash: {
      ok: computedData === recordedData && recordedData === proof.dataHash,
      computed: computedData,
      recorded: recordedData,
    },
    headerHash: {
      ok:
        computedHeader === proof.headerHash &&
        (proof.nextBlockPreviousHash == null || computedHeader === proof.nextBlockPreviousHash),
      computed: computedHeader,
      next: proof.nextBlockPreviousHash ?? null,
    },
    transaction: { ok: index >= 0, index },
  };
  return { ok: Object.values(checks).every((c) => c.ok), checks, entries: block.entries.length };
}
