/** The Node platform's R2-shaped file store (worker/platform/node/files.ts). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keySegments, NodeFileStore } from '../../worker/platform/node/files';

const store = () => new NodeFileStore(fs.mkdtempSync(path.join(os.tmpdir(), 'files-')));

describe('NodeFileStore', () => {
  it('put/get/head/delete keep bytes and metadata', async () => {
    const s = store();
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x01]);
    const put = await s.put('f/form1/abc', bytes, {
      httpMetadata: { contentType: 'image/jpeg' },
      customMetadata: { formId: 'form1' },
    });
    expect(put.size).toBe(5);
    const got = await s.get('f/form1/abc');
    expect(new Uint8Array(await got!.arrayBuffer())).toEqual(bytes);
    expect(got!.httpMetadata).toEqual({ contentType: 'image/jpeg' });
    expect(got!.customMetadata).toEqual({ formId: 'form1' });
    const h = new Headers();
    got!.writeHttpMetadata(h);
    expect(h.get('content-type')).toBe('image/jpeg');
    expect((await s.head('f/form1/abc'))?.etag).toBe(put.etag);
    await s.put('t.json', JSON.stringify({ a: 1 }));
    expect(await (await s.get('t.json'))!.json()).toEqual({ a: 1 });
    await s.delete(['f/form1/abc', 't.json']);
    expect(await s.get('f/form1/abc')).toBeNull();
    expect(await s.head('t.json')).toBeNull();
  });

  it('a body can be read once, as a stream', async () => {
    const s = store();
    await s.put('x', 'hello');
    const obj = await s.get('x');
    expect(await new Response(obj!.body).text()).toBe('hello');
    expect(obj!.bodyUsed).toBe(true);
  });

  it('lists in key order with a prefix, a limit and a cursor', async () => {
    const s = store();
    for (const k of ['audit/anchors/0003', 'audit/anchors/0001', 'audit/anchors/0002', 'audit/x', 'b'])
      await s.put(k, k);
    const page1 = await s.list({ prefix: 'audit/anchors/', limit: 2 });
    expect(page1.objects.map((o) => o.key)).toEqual(['audit/anchors/0001', 'audit/anchors/0002']);
    expect(page1.truncated).toBe(true);
    const page2 = await s.list({
      prefix: 'audit/anchors/',
      limit: 2,
      cursor: page1.truncated ? page1.cursor : '',
    });
    expect(page2.objects.map((o) => o.key)).toEqual(['audit/anchors/0003']);
    expect(page2.truncated).toBe(false);
    expect((await s.list({ prefix: 'audit/a' })).objects).toHaveLength(3);
    expect((await s.list()).objects).toHaveLength(5);
  });

  it('no key reaches outside the root; odd characters stay inside one segment', async () => {
    const s = store();
    for (const bad of ['../x', 'a/../../x', '/abs', 'a//b', '', 'a/./b', 'a\0b']) {
      await expect(s.put(bad, 'x')).rejects.toThrow(/invalid key/);
      expect(() => keySegments(bad)).toThrow();
    }
    await s.put('a%2F..%2Fb\\c', 'odd');
    expect(await (await s.get('a%2F..%2Fb\\c'))!.text()).toBe('odd');
    const outside = fs.readdirSync(s.root);
    expect(outside.sort()).toEqual(['meta', 'objects', 'tmp']);
    expect((await s.list()).objects.map((o) => o.key)).toEqual(['a%2F..%2Fb\\c']);
  });

  it('writes are atomic: no temporary file is left and a rewrite replaces the whole object', async () => {
    const s = store();
    await s.put('k', 'first version, longer');
    await s.put('k', 'second');
    expect(await (await s.get('k'))!.text()).toBe('second');
    expect(fs.readdirSync(path.join(s.root, 'tmp'))).toEqual([]);
  });
});
