/**
 * A small RIFF tree for tests: take a well-formed file apart, change it, and put it back
 * together, with or without pad bytes after odd-sized chunks.
 */
export type RiffNode = RiffLeaf | RiffListNode;

export interface RiffLeaf {
  id: string;
  data: Uint8Array;
}

export interface RiffListNode {
  id: "RIFF" | "LIST";
  type: string;
  children: RiffNode[];
}

export function isList(node: RiffNode): node is RiffListNode {
  return "children" in node;
}

const ascii = (bytes: Uint8Array, at: number): string =>
  String.fromCharCode(...bytes.subarray(at, at + 4));

export function parseRiff(bytes: Uint8Array): RiffListNode {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = (at: number): [RiffNode, number] => {
    const id = ascii(bytes, at);
    const size = view.getUint32(at + 4, true);
    const end = at + 8 + size;
    if (id === "RIFF" || id === "LIST") {
      const children: RiffNode[] = [];
      let p = at + 12;
      while (p < end) {
        const [child, next] = read(p);
        children.push(child);
        p = next;
      }
      return [{ id, type: ascii(bytes, at + 8), children }, end + (size % 2)];
    }
    return [{ id, data: bytes.slice(at + 8, end) }, end + (size % 2)];
  };
  return read(0)[0] as RiffListNode;
}

export function serializeRiff(root: RiffNode, options: { pad: boolean } = { pad: true }): Uint8Array {
  const parts: number[] = [];
  const u32 = (v: number): number[] => [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255];
  const write = (node: RiffNode): number[] => {
    const body = isList(node)
      ? [...node.type].map((c) => c.charCodeAt(0)).concat(...node.children.map(write))
      : Array.from(node.data);
    const out = [...[...node.id].map((c) => c.charCodeAt(0)), ...u32(body.length), ...body];
    if (options.pad && body.length % 2 === 1) out.push(0);
    return out;
  };
  parts.push(...write(root));
  return Uint8Array.from(parts);
}

/** The node at a path such as "pdta/phdr" or "INFO/INAM". */
export function findChunk(root: RiffListNode, path: string): RiffNode {
  const [type, id] = path.split("/");
  const list = root.children.find((c) => isList(c) && c.type === type) as RiffListNode;
  const node = id === undefined ? list : list.children.find((c) => c.id === id);
  if (node === undefined) throw new Error(`no chunk ${path}`);
  return node;
}

/** Every chunk header offset and every chunk end in a well-formed file. */
export function chunkBoundaries(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = new Set<number>();
  const walk = (at: number): number => {
    const id = ascii(bytes, at);
    const size = view.getUint32(at + 4, true);
    const end = at + 8 + size;
    found.add(at).add(at + 8).add(end);
    if (id === "RIFF" || id === "LIST") {
      found.add(at + 12);
      for (let p = at + 12; p < end; ) p = walk(p);
    }
    return end + (size % 2);
  };
  walk(0);
  return [...found].sort((a, b) => a - b);
}
